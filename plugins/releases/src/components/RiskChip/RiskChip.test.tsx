import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  highChange,
  lowChange,
  mediumChange,
} from '../../__fixtures__/judgement';
import { RiskChip, formatLabelValue, highestRisk } from './RiskChip';

const labelRow = (dialog: HTMLElement, table: string, label: string) =>
  within(within(dialog).getByRole('table', { name: table })).getByRole('row', {
    name: new RegExp(`^${label} `),
  });

describe('RiskChip', () => {
  it('says the level in words, not only in colour', async () => {
    await renderInTestApp(
      <RiskChip level="medium" changes={[mediumChange]} subject="#12" />,
    );
    const chip = screen.getByRole('button', { name: 'medium risk of #12' });
    expect(chip).toHaveTextContent('medium risk');
    expect(chip).toHaveAttribute('aria-expanded', 'false');
  });

  it('explains on click each label with its value and source, unknown ones named, and the points', async () => {
    const user = userEvent.setup();
    await renderInTestApp(
      <RiskChip level="medium" changes={[mediumChange]} subject="#12" />,
    );

    await user.click(
      screen.getByRole('button', { name: 'medium risk of #12' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Why #12 is medium risk',
    });
    expect(
      within(dialog).getByRole('heading', {
        name: '#12 saved carts: medium risk, 6 points',
      }),
    ).toBeInTheDocument();
    const table = 'Risk labels of #12';
    expect(labelRow(dialog, table, 'component')).toHaveTextContent(
      'componentLscm+2',
    );
    expect(labelRow(dialog, table, 'change')).toHaveTextContent('changeMgit+1');
    expect(labelRow(dialog, table, 'functional')).toHaveTextContent(
      'functionalyespipeline+1',
    );
    // Unknown: named, with what the policy counted it as.
    expect(labelRow(dialog, table, 'ft-coverage')).toHaveTextContent(
      'ft-coverageunknown, counted as 0%unknown+2',
    );
    expect(
      within(dialog).getByText('Unknown: ft-coverage, feature-toggle'),
    ).toBeInTheDocument();
    expect(within(dialog).queryByText(/hard rule/i)).not.toBeInTheDocument();
  });

  it('names the hard rule that decided, and lists a release by its highest change first', async () => {
    const user = userEvent.setup();
    const changes = [lowChange, highChange];
    await renderInTestApp(
      <RiskChip
        level={highestRisk(changes)}
        changes={changes}
        subject="1.4.0"
      />,
    );

    await user.click(
      screen.getByRole('button', { name: 'high risk of 1.4.0' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Why 1.4.0 is high risk',
    });
    expect(
      within(dialog)
        .getAllByRole('heading', { level: 3 })
        .map(h => h.textContent),
    ).toEqual([
      '8888888 drop the v1 cart endpoint: high risk, 5 points',
      '#9 pay with gift cards: low risk, 2 points',
    ]);
    expect(
      within(dialog).getByText('Decided by hard rule big-core-change'),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'Decided by hard rule big-core-change: a large change of a core component: raised to high',
    );
    expect(
      labelRow(dialog, `Risk labels of ${highChange.id}`, 'ft-coverage'),
    ).toHaveTextContent('ft-coverage40%pipeline+1');
  });

  it('gives the highest level of changes, low for none', () => {
    expect(highestRisk([])).toBe('low');
    expect(highestRisk([lowChange, mediumChange])).toBe('medium');
    expect(highestRisk([highChange, lowChange])).toBe('high');
    expect(formatLabelValue('feature-toggle', false)).toBe('no');
    expect(formatLabelValue('change', null)).toBe('unknown');
  });
});
