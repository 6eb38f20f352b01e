import { renderInTestApp } from '@backstage/test-utils';
import type { Changelog } from '@releases-for-backstage/plugin-releases-common';
import { screen, within } from '@testing-library/react';
import { unreleasedResponse } from '../../__fixtures__/releases';
import { ChangelogView, countChanges, orderedSections } from './ChangelogView';

const changelog = unreleasedResponse.changelog;

describe('ChangelogView', () => {
  it('renders one headed section per kind of change, breaking changes first', async () => {
    await renderInTestApp(<ChangelogView changelog={changelog} />);

    const headings = screen.getAllByRole('heading', { level: 3 });
    expect(headings.map(h => h.textContent)).toEqual([
      'Breaking changes',
      'Features',
      'Bug fixes',
    ]);
    const features = screen.getByRole('region', { name: 'Features' });
    expect(within(features).getAllByRole('listitem')).toHaveLength(1);
    expect(within(features).getByText('saved carts')).toBeInTheDocument();
    expect(
      within(features).getByRole('link', { name: /^7777777/ }),
    ).toHaveAttribute(
      'href',
      'https://git.example.com/shop/cart/commit/7777777aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    );
  });

  it('uses the requested heading level', async () => {
    await renderInTestApp(
      <ChangelogView changelog={changelog} headingLevel={5} />,
    );
    expect(screen.getAllByRole('heading', { level: 5 })).toHaveLength(3);
    expect(screen.queryByRole('heading', { level: 3 })).not.toBeInTheDocument();
  });

  it('shows the empty message when there are no changes', async () => {
    const empty: Changelog = {
      version: null,
      previousVersion: '1.0.0',
      date: null,
      sections: [{ id: 'features', title: 'Features', entries: [] }],
    };
    await renderInTestApp(
      <ChangelogView changelog={empty} emptyMessage="Nothing new." />,
    );
    expect(screen.getByText('Nothing new.')).toBeInTheDocument();
    expect(screen.queryByRole('heading')).not.toBeInTheDocument();
  });
});

describe('orderedSections', () => {
  it('sorts by section id and drops empty sections', () => {
    const sorted = orderedSections({
      ...changelog,
      sections: [
        { id: 'other', title: 'Other', entries: changelog.sections[0].entries },
        { id: 'reverts', title: 'Reverts', entries: [] },
        ...changelog.sections,
      ],
    });
    expect(sorted.map(s => s.id)).toEqual([
      'breaking',
      'features',
      'fixes',
      'other',
    ]);
  });
});

describe('countChanges', () => {
  it('counts the entries of all sections', () => {
    expect(countChanges(changelog)).toBe(3);
  });
});
