import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { Release } from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  annotatedEntity,
  entityRef,
  nothingToReleaseResponse,
  plainEntity,
  releasesResponse,
} from '../../__fixtures__/releases';
import { EntityReleasesContent } from './EntityReleasesContent';

async function renderContent(
  api: ReleasesApi,
  entity: Entity = annotatedEntity,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityReleasesContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityReleasesContent', () => {
  it('shows the latest release', async () => {
    const api = mockReleasesApi();
    await renderContent(api);

    expect(
      await screen.findByRole('heading', { name: 'Latest release' }),
    ).toBeInTheDocument();
    expect(api.getReleases).toHaveBeenCalledWith(entityRef);
    expect(api.getUnreleased).toHaveBeenCalledWith(entityRef);

    const terms = screen.getAllByRole('term').map(term => term.textContent);
    expect(terms).toEqual(['Tag', 'Released', 'Commit']);
    const values = screen.getAllByRole('definition');
    expect(values[0]).toHaveTextContent('v1.4.0');
    expect(within(values[1]).getByText(/ago$/)).toHaveAttribute(
      'datetime',
      '2026-11-18T09:00:00.000Z',
    );
    expect(values[2]).toHaveTextContent('1111111');
  });

  it('shows the newest final release by precedence as the latest, and the history newest first by precedence', async () => {
    const [final, rc] = releasesResponse.releases;
    const at = (
      base: Release,
      tag: string,
      date: string,
      sha: string,
    ): Release => ({
      ...base,
      tag,
      version: tag.slice(1),
      prerelease: tag.includes('-'),
      date,
      sha: sha.padEnd(40, sha[0]),
    });
    // Newest by date first, as the backend sends them: a candidate of the
    // next version, then a fix of an older line tagged after 1.10.0.
    const releases = [
      at(rc, 'v1.11.0-rc.1', '2026-11-21T09:00:00.000Z', '3333333'),
      at(final, 'v1.9.1', '2026-11-20T09:00:00.000Z', '2222222'),
      at(final, 'v1.10.0', '2026-11-19T09:00:00.000Z', '1010101'),
      at(final, 'v1.9.0', '2026-11-01T09:00:00.000Z', '9999999'),
    ];
    await renderContent(
      mockReleasesApi({
        getReleases: jest
          .fn()
          .mockResolvedValue({ ...releasesResponse, releases }),
      }),
    );

    const card = (
      await screen.findByRole('heading', { name: 'Latest release' })
    ).closest('.MuiCard-root') as HTMLElement;
    expect(within(card).getByText('1.10.0')).toBeInTheDocument();
    expect(within(card).getAllByRole('definition')[0]).toHaveTextContent(
      'v1.10.0',
    );
    expect(within(card).getAllByRole('definition')[2]).toHaveTextContent(
      '1010101',
    );

    const history = screen
      .getByRole('heading', { name: 'Release history' })
      .closest('.MuiPaper-root') as HTMLElement;
    const versions = within(history)
      .getAllByRole('button', { name: /^Show changes of / })
      .map(b => b.getAttribute('aria-label'));
    expect(versions).toEqual([
      'Show changes of 1.11.0-rc.1',
      'Show changes of 1.10.0',
      'Show changes of 1.9.1',
      'Show changes of 1.9.0',
    ]);
  });

  it('says there is no final release yet when there are only prereleases', async () => {
    const rc = releasesResponse.releases[1];
    await renderContent(
      mockReleasesApi({
        getReleases: jest
          .fn()
          .mockResolvedValue({ ...releasesResponse, releases: [rc] }),
      }),
    );
    const card = (
      await screen.findByRole('heading', { name: 'Latest release' })
    ).closest('.MuiCard-root') as HTMLElement;
    expect(card).toHaveTextContent(
      `No final release yet: the newest tag is the prerelease ${rc.tag}.`,
    );
  });

  it('shows the next version and the unreleased changes grouped, breaking first', async () => {
    await renderContent(mockReleasesApi());

    expect(
      await screen.findByRole('heading', { name: 'Next version' }),
    ).toBeInTheDocument();
    expect(screen.getByText('1.4.0 → 2.0.0')).toBeInTheDocument();
    expect(screen.getByText('major')).toBeInTheDocument();
    expect(screen.getByText('3 commits since v1.4.0')).toBeInTheDocument();

    const sections = screen.getAllByRole('region');
    expect(
      sections.map(section => within(section).getByRole('heading').textContent),
    ).toEqual(['Breaking changes', 'Features', 'Bug fixes']);

    const breaking = screen.getByRole('region', { name: 'Breaking changes' });
    expect(
      within(breaking).getByText('drop the v1 cart endpoint'),
    ).toBeInTheDocument();
    expect(
      within(breaking).getByText('Clients must call /v2/cart.'),
    ).toBeInTheDocument();
    expect(
      within(breaking).getByRole('link', { name: /^8888888/ }),
    ).toHaveAttribute(
      'href',
      'https://git.example.com/shop/cart/commit/8888888bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    );

    const fixes = screen.getByRole('region', { name: 'Bug fixes' });
    expect(within(fixes).getByText('cart:')).toBeInTheDocument();
    expect(
      within(fixes).getByText('keep items after login'),
    ).toBeInTheDocument();
  });

  it('says when there is nothing to release and still lists the commits', async () => {
    await renderContent(
      mockReleasesApi({
        getUnreleased: jest.fn().mockResolvedValue(nothingToReleaseResponse),
      }),
    );

    expect(await screen.findByText('Nothing to release')).toBeInTheDocument();
    expect(screen.getByText('1 commit since v1.4.0')).toBeInTheDocument();
    const other = screen.getByRole('region', { name: 'Other changes' });
    expect(within(other).getByText('bump lodash')).toBeInTheDocument();
    // No URL on the entry: the short sha is shown without a link.
    expect(within(other).queryByRole('link')).not.toBeInTheDocument();
    expect(within(other).getByText('9999999')).toBeInTheDocument();
  });

  it('shows the missing annotation empty state for an entity that is not set up', async () => {
    const api = mockReleasesApi();
    await renderContent(api, plainEntity);

    expect(
      await screen.findByRole('heading', { name: /missing annotation/i }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('releases-for-backstage.io/git-repo', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(api.getReleases).not.toHaveBeenCalled();
    expect(api.getUnreleased).not.toHaveBeenCalled();
  });

  it('shows an error panel when the API fails', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotFoundError',
            message: `No entity ${entityRef}`,
          },
          response: { statusCode: 404 },
        }),
        {
          status: 404,
          statusText: 'Not Found',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    await renderContent(
      mockReleasesApi({ getReleases: jest.fn().mockRejectedValue(error) }),
    );

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading')).toHaveTextContent(
      /Error: Request failed with 404/,
    );
    expect(
      within(alert).getAllByText(/No entity component:default\/cart/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByRole('heading', { name: 'Latest release' }),
    ).not.toBeInTheDocument();
  });

  it('lists the release history and expands a release to its changelog', async () => {
    const user = userEvent.setup();
    await renderContent(mockReleasesApi());

    expect(
      await screen.findByRole('heading', { name: 'Release history' }),
    ).toBeInTheDocument();
    const rc = screen.getByRole('row', { name: /1\.4\.0-rc\.1/ });
    expect(within(rc).getByText('v1.4.0-rc.1')).toBeInTheDocument();
    expect(within(rc).getByRole('cell', { name: 'Yes' })).toBeInTheDocument();
    expect(within(rc).getByRole('cell', { name: 'beta' })).toBeInTheDocument();
    const final = screen.getByRole('row', { name: /v1\.4\.0 / });
    expect(within(final).getByRole('cell', { name: 'No' })).toBeInTheDocument();
    expect(within(final).getByRole('cell', { name: '–' })).toBeInTheDocument();
    expect(within(final).getByRole('cell', { name: '1' })).toBeInTheDocument();

    expect(screen.queryByText('round totals to cents')).not.toBeInTheDocument();
    const toggle = within(rc).getByRole('button', {
      name: 'Show changes of 1.4.0-rc.1',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);

    expect(
      await screen.findByText('round totals to cents'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Hide changes of 1.4.0-rc.1' }),
    ).toHaveAttribute('aria-expanded', 'true');
    const fixes = screen
      .getAllByRole('region', { name: 'Bug fixes' })
      .find(region => within(region).queryByText('round totals to cents'));
    expect(fixes).toBeDefined();
    expect(within(fixes!).getByRole('heading', { level: 3 })).toHaveTextContent(
      'Bug fixes',
    );

    await user.click(
      screen.getByRole('button', { name: 'Hide changes of 1.4.0-rc.1' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByText('round totals to cents'),
      ).not.toBeInTheDocument(),
    );
  }, 20_000);

  it('refreshes from Git and reloads', async () => {
    const user = userEvent.setup();
    const api = mockReleasesApi();
    await renderContent(api);

    await user.click(await screen.findByRole('button', { name: 'Refresh' }));

    await waitFor(() => expect(api.getReleases).toHaveBeenCalledTimes(2));
    expect(api.refresh).toHaveBeenCalledWith(entityRef);
    expect(api.getUnreleased).toHaveBeenCalledTimes(2);
    expect(
      await screen.findByRole('button', { name: 'Refresh' }),
    ).toBeEnabled();
  });

  it('shows an error panel when the refresh fails and keeps the data', async () => {
    const user = userEvent.setup();
    const api = mockReleasesApi({
      refresh: jest.fn().mockRejectedValue(new Error('git fetch failed')),
    });
    await renderContent(api);

    await user.click(await screen.findByRole('button', { name: 'Refresh' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading')).toHaveTextContent(
      'Refresh failed',
    );
    expect(
      within(alert).getAllByText(/git fetch failed/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('heading', { name: 'Latest release' }),
    ).toBeInTheDocument();
    expect(api.getReleases).toHaveBeenCalledTimes(1);
  });
});
