import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { act, screen, within } from '@testing-library/react';
import {
  emptyEnvironmentsResponse,
  environmentsResponse,
  promotionAt,
  runUrl,
} from '../../__fixtures__/environments';
import { FakeSignalApi, signalOf } from '../../__fixtures__/fakeSignalApi';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import {
  annotatedEntity,
  entityRef,
  plainEntity,
} from '../../__fixtures__/releases';
import { EntityEnvironmentsCard } from './EntityEnvironmentsCard';

async function renderCard(api: ReleasesApi, entity: Entity = annotatedEntity) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityEnvironmentsCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const row = (environment: string) =>
  screen.getByRole('row', { name: new RegExp(`^${environment}\\b`) });

describe('EntityEnvironmentsCard', () => {
  it('shows the version, age, deployer and status per environment, in order', async () => {
    const api = mockReleasesApi();
    await renderCard(api);

    const table = await screen.findByRole('table', { name: 'Environments' });
    expect(api.getEnvironments).toHaveBeenCalledWith(entityRef);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Environment', 'Version', 'Since', 'By', 'Status', 'Run']);
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[0].firstChild?.textContent),
    ).toEqual(['dev', 'qa', 'staging', 'canary', 'prod']);

    const qa = row('qa');
    expect(within(qa).getByText('v1.5.0-rc.1').tagName).toBe('CODE');
    expect(within(qa).getByText(/ago$/)).toHaveAttribute(
      'datetime',
      '2026-11-19T08:00:00.000Z',
    );
    expect(within(qa).getByText('grace')).toHaveAttribute(
      'title',
      'user:default/grace',
    );
    expect(within(qa).getByText('deployed')).toBeInTheDocument();
    expect(within(row('canary')).getByText('deploying')).toBeInTheDocument();
    expect(
      within(row('canary')).getByText('releases:engine'),
    ).toBeInTheDocument();
    expect(within(row('prod')).getByText('failed')).toBeInTheDocument();
    expect(within(row('dev')).getByText('WIP')).toBeInTheDocument();
  });

  it('never breaks inside a word, even at half width', async () => {
    await renderCard(mockReleasesApi());
    const table = await screen.findByRole('table', { name: 'Environments' });

    // Backstage's theme lets table cells break words (word-break:
    // break-word), which at half width made "deplo yed" of "deployed".
    const cells = [
      ...within(table).getAllByRole('columnheader'),
      ...within(table).getAllByRole('cell'),
    ];
    expect(cells.length).toBeGreaterThan(30);
    for (const cell of cells) {
      const style = getComputedStyle(cell);
      expect([cell.textContent, style.wordBreak]).toEqual([
        cell.textContent,
        'normal',
      ]);
      expect(style.overflowWrap).not.toMatch(/anywhere|break-word/);
    }
    // Short values stay on one line: icon and label of a status, a version.
    const status = within(row('qa')).getByText('deployed');
    expect(getComputedStyle(status).whiteSpace).toBe('nowrap');
    const version = within(row('qa')).getByText('v1.5.0-rc.1');
    expect(getComputedStyle(version).whiteSpace).toBe('nowrap');
    // Too narrow a card scrolls the table instead.
    expect(getComputedStyle(table.parentElement!).overflowX).toBe('auto');
  });

  it('links to the deployment run when there is one', async () => {
    await renderCard(mockReleasesApi());

    await screen.findByRole('table', { name: 'Environments' });
    expect(
      within(row('qa')).getByRole('link', { name: /^View run of qa/ }),
    ).toHaveAttribute('href', runUrl);
    expect(within(row('staging')).queryByRole('link')).not.toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: /^View run/ })).toHaveLength(1);
  });

  it('hints at an environment running an older version than the previous one', async () => {
    await renderCard(mockReleasesApi());

    await screen.findByRole('table', { name: 'Environments' });
    const hint = within(row('staging')).getByText('behind qa (v1.5.0-rc.1)');
    expect(hint).toHaveAttribute(
      'title',
      'staging runs v1.4.0-rc.2, older than v1.5.0-rc.1 in qa',
    );
    expect(screen.getAllByText(/^behind /)).toHaveLength(1);
  });

  it('shows dashes and says so when nothing is deployed', async () => {
    await renderCard(
      mockReleasesApi({
        getEnvironments: jest.fn().mockResolvedValue(emptyEnvironmentsResponse),
      }),
    );

    expect(
      await screen.findByText('Nothing has been deployed yet.'),
    ).toBeInTheDocument();
    const cells = within(row('prod')).getAllByRole('cell');
    expect(cells.map(c => c.textContent)).toEqual([
      'prodProduction',
      '–',
      '–',
      '–',
      '–',
      '–',
    ]);
  });

  it('says when no environments are configured', async () => {
    await renderCard(
      mockReleasesApi({
        getEnvironments: jest
          .fn()
          .mockResolvedValue({ entityRef, environments: [] }),
      }),
    );

    expect(
      await screen.findByText('No environments are configured.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the error of the backend', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: `Entity ${entityRef} not found in the catalog`,
          },
          response: { statusCode: 400 },
        }),
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    await renderCard(
      mockReleasesApi({ getEnvironments: jest.fn().mockRejectedValue(error) }),
    );

    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getAllByText(/not found in the catalog/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  describe('with signals', () => {
    // qa got v1.6.0-rc.1 from the promotion the signals are about.
    const promoted = {
      ...environmentsResponse,
      environments: environmentsResponse.environments.map(env =>
        env.environment === 'qa' ? { ...env, version: 'v1.6.0-rc.1' } : env,
      ),
    };
    const advance = (ms: number) =>
      act(() => jest.advanceTimersByTimeAsync(ms));

    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    async function renderWithSignals(api: ReleasesApi) {
      const signals = new FakeSignalApi();
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [releasesApiRef, api],
            [signalApiRef, signals],
          ]}
        >
          <EntityProvider entity={annotatedEntity}>
            <EntityEnvironmentsCard />
          </EntityProvider>
        </TestApiProvider>,
      );
      await screen.findByRole('table', { name: 'Environments' });
      return signals;
    }

    it('reloads once after a burst of promotions of the entity ending', async () => {
      const api = mockReleasesApi({
        getEnvironments: jest
          .fn()
          .mockResolvedValueOnce(environmentsResponse)
          .mockResolvedValue(promoted),
      });
      const signals = await renderWithSignals(api);
      expect(within(row('qa')).getByText('v1.5.0-rc.1')).toBeInTheDocument();

      act(() =>
        signals.publish(
          signalOf(promotionAt('succeeded')),
          signalOf(
            promotionAt('failed', { id: 'p-2', environment: 'staging' }),
          ),
        ),
      );
      await advance(300);
      // Within the window of the first: the same reload.
      act(() =>
        signals.publish(
          signalOf(promotionAt('aborted', { id: 'p-3', environment: 'prod' })),
        ),
      );
      await advance(200);

      expect(api.getEnvironments).toHaveBeenCalledTimes(2);
      expect(
        await within(row('qa')).findByText('v1.6.0-rc.1'),
      ).toBeInTheDocument();
      await advance(2000);
      expect(api.getEnvironments).toHaveBeenCalledTimes(2);
    });

    it('ignores running promotions and other entities', async () => {
      const api = mockReleasesApi();
      const signals = await renderWithSignals(api);

      act(() =>
        signals.publish(
          signalOf(promotionAt('executing')),
          signalOf(
            promotionAt('succeeded', {
              id: 'p-2',
              entityRef: 'component:default/checkout',
            }),
          ),
        ),
      );
      await advance(2000);
      expect(api.getEnvironments).toHaveBeenCalledTimes(1);

      // Entity refs compare case-insensitively.
      act(() =>
        signals.publish(
          signalOf(
            promotionAt('succeeded', { entityRef: 'Component:default/Cart' }),
          ),
        ),
      );
      await advance(500);
      expect(api.getEnvironments).toHaveBeenCalledTimes(2);
    });
  });

  it('explains the annotation for an entity that is not set up', async () => {
    const api = mockReleasesApi();
    await renderCard(api, plainEntity);

    expect(
      await screen.findByRole('heading', { name: /missing annotation/i }),
    ).toBeInTheDocument();
    expect(api.getEnvironments).not.toHaveBeenCalled();
  });
});
