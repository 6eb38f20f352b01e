import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { environmentsResponse } from '../../__fixtures__/environments';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import {
  annotatedEntity,
  entityRef,
  plainEntity,
} from '../../__fixtures__/releases';
import {
  LATENCY_QUERY,
  measuredSloResponse,
  sloResponse,
} from './__fixtures__/slo';
import { EntitySloCard, defaultSloEnvironment } from './EntitySloCard';

async function renderCard(api: ReleasesApi, entity: Entity = annotatedEntity) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntitySloCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const withSlo = (response = sloResponse) =>
  mockReleasesApi({
    getSloEvaluations: jest.fn(async request => ({
      ...response,
      environment: request.environment,
    })),
  });

const chart = (metric: string) => screen.getByTestId(`slo-chart-${metric}`);

jest.setTimeout(20_000);

describe('defaultSloEnvironment', () => {
  it('takes the first staging environment, else the first prod one', () => {
    expect(defaultSloEnvironment(environmentsResponse.environments)).toBe(
      'staging',
    );
    expect(
      defaultSloEnvironment([
        { environment: 'dev', type: 'dev' },
        { environment: 'canary', type: 'prod' },
        { environment: 'prod', type: 'prod' },
      ]),
    ).toBe('canary');
    expect(defaultSloEnvironment([{ environment: 'dev', type: 'dev' }])).toBe(
      'dev',
    );
    expect(defaultSloEnvironment([])).toBeUndefined();
  });
});

describe('EntitySloCard', () => {
  it('reads the evaluations of the staging environment first, and of another when chosen', async () => {
    const user = userEvent.setup();
    const api = withSlo();
    await renderCard(api);

    const select = await screen.findByRole('combobox', {
      name: 'Environment',
    });
    expect(select).toHaveValue('staging');
    expect(
      within(select)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['dev', 'qa', 'staging', 'canary', 'prod']);
    expect(api.getEnvironments).toHaveBeenCalledWith(entityRef);
    expect(await screen.findByText('Latest evaluation')).toBeInTheDocument();
    expect(api.getSloEvaluations).toHaveBeenCalledWith({
      entityRef,
      environment: 'staging',
      limit: 48,
    });

    await user.selectOptions(select, 'canary');
    expect(api.getSloEvaluations).toHaveBeenLastCalledWith({
      entityRef,
      environment: 'canary',
      limit: 48,
    });
    expect(await screen.findByText('Latest evaluation')).toBeInTheDocument();
  });

  it('charts each objective over the evaluations: threshold, baseline, points by status, gaps marked', async () => {
    await renderCard(withSlo());
    await screen.findByText('Latest evaluation');

    const latency = chart('latency_p95');
    expect(within(latency).getByText('Latency p95 (key)')).toBeInTheDocument();
    // Oldest left, on the time axis in UTC.
    const ticks = [
      ...latency.querySelectorAll(
        '.recharts-xAxis .recharts-cartesian-axis-tick-value',
      ),
    ].map(t => t.textContent);
    expect(ticks).toEqual([
      '20 Nov 01:30',
      '20 Nov 02:30',
      '20 Nov 03:30',
      '20 Nov 04:30',
    ]);
    expect(within(latency).getByText('threshold 300')).toBeInTheDocument();
    expect(latency.querySelector('.slo-baseline path')).toHaveAttribute(
      'stroke-dasharray',
      '5 5',
    );
    // One point per measured evaluation, coloured by status; none for the gap.
    const points = [...latency.querySelectorAll('circle.slo-point')];
    expect(points.map(p => p.getAttribute('class'))).toEqual([
      'slo-point slo-point-pass',
      'slo-point slo-point-warning',
      'slo-point slo-point-fail',
    ]);
    expect(new Set(points.map(p => p.getAttribute('fill'))).size).toBe(3);
    expect(points[2]).toHaveTextContent('20 Nov 03:30: 620 (fail)');
    expect(within(latency).getByText('no data')).toBeInTheDocument();
    expect(
      within(latency).getByText('Latest evaluation (20 Nov 04:30): no data.'),
    ).toBeInTheDocument();

    const errors = chart('error_rate');
    expect(within(errors).getByText('error_rate')).toBeInTheDocument();
    expect(within(errors).queryByText(/^threshold/)).not.toBeInTheDocument();
    expect(within(errors).getByText('source down')).toBeInTheDocument();
    expect(
      within(errors).getByText(
        'Latest evaluation (20 Nov 04:30): source down.',
      ),
    ).toBeInTheDocument();
    expect(errors.querySelectorAll('circle.slo-point')).toHaveLength(3);
  });

  it('says no data, with no score, when the latest evaluation had no values', async () => {
    await renderCard(withSlo());
    const latest = await screen.findByRole('region', {
      name: 'Latest evaluation',
    });

    expect(within(latest).getByLabelText('Result: no data')).toHaveTextContent(
      'no data',
    );
    expect(within(latest).queryByText(/score/)).not.toBeInTheDocument();
    const table = within(latest).getByRole('table', {
      name: 'Indicators of the latest evaluation',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(/^Latency p95 keyno data240/);
    expect(rows[0]).toHaveTextContent(/no data$/);
    expect(rows[1]).toHaveTextContent(/^error_ratesource down–/);
    expect(rows[1]).toHaveTextContent(/source down$/);
    expect(within(rows[0]).queryByText('0')).not.toBeInTheDocument();
  });

  it('shows the latest result and score, key objectives, values, baselines and targets, the query as title', async () => {
    await renderCard(withSlo(measuredSloResponse));
    const latest = await screen.findByRole('region', {
      name: 'Latest evaluation',
    });

    expect(within(latest).getByLabelText('Result: pass')).toHaveTextContent(
      'pass',
    );
    expect(within(latest).getByText('score 95.5%')).toBeInTheDocument();
    expect(
      within(latest).getByText(
        '20 Nov 05:30 UTC, v1.4.0-rc.2, from prometheus',
      ),
    ).toBeInTheDocument();
    const table = within(latest).getByRole('table', {
      name: 'Indicators of the latest evaluation',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Objective', 'Value', 'Baseline', 'Pass', 'Warning', 'Status']);
    const latency = within(table).getByRole('cell', {
      name: /^Latency p95/,
    });
    expect(latency).toHaveAttribute('title', LATENCY_QUERY);
    const cells = within(latency.closest('tr')!).getAllByRole('cell').slice(1);
    expect(cells.map(c => c.textContent)).toEqual([
      '230',
      '240',
      '<=300<=+10% (264)',
      '<=500',
      'pass',
    ]);
    const errorRow = within(table)
      .getByRole('cell', { name: 'error_rate' })
      .closest('tr')!;
    expect(
      within(errorRow)
        .getAllByRole('cell')
        .slice(1)
        .map(c => c.textContent),
    ).toEqual(['0.001', '–', '<=0.01', '–', 'pass']);
  });

  it('marks violated targets and a failed key objective', async () => {
    await renderCard(
      withSlo({
        ...sloResponse,
        evaluations: sloResponse.evaluations.slice(1),
      }),
    );
    const latest = await screen.findByRole('region', {
      name: 'Latest evaluation',
    });
    expect(within(latest).getByLabelText('Result: fail')).toBeInTheDocument();
    expect(within(latest).getByText('score 33.3%')).toBeInTheDocument();
    expect(
      within(latest).getByText('a key objective failed'),
    ).toBeInTheDocument();
    const row = within(latest)
      .getByRole('cell', { name: /^Latency p95/ })
      .closest('tr')!;
    expect(within(row).getAllByText('violated')).toHaveLength(3);
  });

  it('shows each error budget left and its burn-rate state; no data and source down never as ok', async () => {
    await renderCard(withSlo());
    const budgets = await screen.findByRole('region', {
      name: 'Error budgets',
    });

    expect(
      within(budgets).getByRole('progressbar', {
        name: 'Error budget left of Latency p95',
      }),
    ).toHaveAttribute('aria-valuenow', '43');
    expect(within(budgets).getByText('42.5% left')).toBeInTheDocument();
    expect(
      within(budgets).getByLabelText('Burn rate of Latency p95: ok'),
    ).toBeInTheDocument();
    expect(
      within(budgets).getByRole('progressbar', {
        name: 'Error budget left of error_rate',
      }),
    ).toHaveAttribute('aria-valuenow', '0');
    expect(within(budgets).getByText('exhausted (-10%)')).toBeInTheDocument();
    expect(
      within(budgets).getByLabelText(
        'Burn rate of error_rate: burning fast: page',
      ),
    ).toBeInTheDocument();
    expect(
      within(budgets).getByLabelText(
        'Burn rate of availability: burning: ticket',
      ),
    ).toBeInTheDocument();
    expect(
      within(budgets).getByLabelText('Burn rate of saturation: no data'),
    ).toBeInTheDocument();
    // A source that is down has no budget to show, even with an old number.
    expect(
      within(budgets).getByLabelText('Burn rate of queue_lag: source down'),
    ).toBeInTheDocument();
    expect(
      within(budgets).queryByRole('progressbar', {
        name: /queue_lag|saturation/,
      }),
    ).not.toBeInTheDocument();
    expect(within(budgets).queryByText('50% left')).not.toBeInTheDocument();
    expect(within(budgets).getAllByText(/: ok$|^ok$/)).toHaveLength(1);
  });

  it('links to the dashboards in a new window', async () => {
    await renderCard(withSlo());
    await screen.findByText('Latest evaluation');

    const grafana = screen.getByRole('link', { name: 'Grafana dashboard' });
    expect(grafana).toHaveAttribute(
      'href',
      'https://grafana.example.com/d/cart',
    );
    expect(grafana).toHaveAttribute('target', '_blank');
    expect(grafana).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByRole('link', { name: 'Traces' })).toHaveAttribute(
      'href',
      'https://tempo.example.com/search?service=cart',
    );
    expect(
      screen.queryByRole('link', { name: 'Logs' }),
    ).not.toBeInTheDocument();
  });

  it('explains the slo-file annotation when no objectives are declared', async () => {
    const api = mockReleasesApi();
    await renderCard(api);

    expect(
      await screen.findByText(/No service level objectives are declared/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/releases-for-backstage\.io\/slo-file/).length,
    ).toBeGreaterThan(1);
    // The highlighter splits the example into tokens.
    expect(document.body).toHaveTextContent('kind: ServiceLevelObjectives');
    expect(screen.queryByText('Latest evaluation')).not.toBeInTheDocument();
  });

  it('says when there are no evaluations yet', async () => {
    await renderCard(withSlo({ ...sloResponse, evaluations: [], budgets: [] }));
    expect(
      await screen.findByText('No evaluations in staging yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId(/^slo-chart-/)).not.toBeInTheDocument();
  });

  it('shows the error of the backend', async () => {
    const api = mockReleasesApi({
      getSloEvaluations: jest
        .fn()
        .mockRejectedValue(
          new Error('metrics source prometheus is not set up'),
        ),
    });
    await renderCard(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not read the SLO evaluations');
    expect(alert).toHaveTextContent('metrics source prometheus is not set up');
  });

  it('shows when the environments cannot be read', async () => {
    const api = mockReleasesApi({
      getEnvironments: jest.fn().mockRejectedValue(new Error('no env repo')),
    });
    await renderCard(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not read the environments');
    expect(alert).toHaveTextContent('no env repo');
    expect(api.getSloEvaluations).not.toHaveBeenCalled();
  });

  it('asks for the git-repo annotation on entities not set up for releases', async () => {
    const api = mockReleasesApi();
    await renderCard(api, plainEntity);
    expect(
      (await screen.findAllByText(/releases-for-backstage\.io\/git-repo/))
        .length,
    ).toBeGreaterThan(0);
    expect(api.getSloEvaluations).not.toHaveBeenCalled();
  });
});
