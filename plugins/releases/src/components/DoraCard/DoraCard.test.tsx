import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { systemEntity, systemRef } from '../../__fixtures__/environments';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import {
  annotatedEntity,
  entityRef,
  plainEntity,
} from '../../__fixtures__/releases';
import { DoraCard, EntityDoraCard } from './DoraCard';
import { cartMetrics, emptyMetrics } from './testData';

// jsdom has no ResizeObserver, which recharts' ResponsiveContainer needs to
// learn its size: this one reports a chart-sized box, so the charts draw.
class FixedSizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [{ target, contentRect: { width: 600, height: 200 } } as any],
      this as any,
    );
  }
  unobserve() {}
  disconnect() {}
}
beforeAll(() => {
  (globalThis as any).ResizeObserver = FixedSizeObserver;
});

const now = () => new Date('2026-12-02T15:00:00.000Z');

function api(overrides: Partial<jest.Mocked<ReleasesApi>> = {}) {
  return mockReleasesApi({
    getDoraMetrics: jest.fn().mockResolvedValue(cartMetrics),
    ...overrides,
  });
}

async function render(releasesApi: ReleasesApi, card: JSX.Element) {
  await renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, releasesApi]]}>
      {card}
    </TestApiProvider>,
  );
}

const figure = (name: string) => screen.getByRole('group', { name });

/** A ResponseError as the client throws it for an error of the backend. */
async function backendError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: 'Bad Request',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('DoraCard', () => {
  it('shows the five figures with their DORA levels, and names the charts', async () => {
    const a = api();
    await render(a, <DoraCard entityRef={entityRef} now={now} />);

    expect(
      await screen.findByRole('group', { name: 'Deployment frequency' }),
    ).toHaveTextContent('3 / week');
    expect(
      within(figure('Deployment frequency')).getByText('9 deployments'),
    ).toBeInTheDocument();
    expect(
      within(figure('Deployment frequency')).getByLabelText('DORA level high'),
    ).toHaveTextContent('high');

    const lead = figure('Lead time for changes');
    expect(lead).toHaveTextContent('8.5 days');
    expect(lead).toHaveTextContent('median · p90 18 days · 6 commits');
    expect(
      within(lead).getByLabelText('DORA level medium'),
    ).toBeInTheDocument();

    const cfr = figure('Change failure rate');
    expect(cfr).toHaveTextContent('44 %');
    expect(cfr).toHaveTextContent('4 of 9 deployments failed');
    expect(within(cfr).getByLabelText('DORA level low')).toBeInTheDocument();

    const ttr = figure('Time to restore');
    expect(ttr).toHaveTextContent('20 min');
    expect(ttr).toHaveTextContent('3 restored, 1 not restored');
    expect(within(ttr).getByLabelText('DORA level elite')).toBeInTheDocument();

    // The report gives rework rate no levels: no chip.
    const rework = figure('Deployment rework rate');
    expect(rework).toHaveTextContent('22 %');
    expect(within(rework).queryByLabelText(/DORA level/)).toBeNull();

    // One bucket: its 3 succeeded and 1 failed deployments, stacked.
    const deployments = screen.getByRole('img', {
      name: 'Deployments per week',
    });
    const bars = Array.from(
      deployments.querySelectorAll('.recharts-bar-rectangle path'),
    );
    expect(bars).toHaveLength(2);
    const [succeeded, failed] = bars.map(b => ({
      fill: b.getAttribute('fill'),
      height: Number(b.getAttribute('height')),
    }));
    expect(succeeded.height).toBeGreaterThan(0);
    expect(succeeded.height).toBeCloseTo(3 * failed.height);
    expect(failed.fill).not.toBe(succeeded.fill);
    expect(within(deployments).getByText('Jan 1')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Lead time median per week (days)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Change failure rate per week (%)' }),
    ).toBeInTheDocument();

    // The last 90 days by default, in weeks, in the backend's default environment.
    expect(a.getDoraMetrics).toHaveBeenCalledTimes(1);
    expect(a.getDoraMetrics).toHaveBeenCalledWith({
      entityRef,
      from: '2026-09-03T15:00:00.000Z',
      to: '2026-12-02T15:00:00.000Z',
      bucket: 'week',
    });
  });

  it('shows the reason of a figure without data, and no number', async () => {
    await render(
      api({ getDoraMetrics: jest.fn().mockResolvedValue(emptyMetrics) }),
      <DoraCard entityRef={entityRef} now={now} />,
    );

    const names = [
      'Deployment frequency',
      'Lead time for changes',
      'Change failure rate',
      'Time to restore',
      'Deployment rework rate',
    ];
    await screen.findByRole('group', { name: names[0] });
    for (const name of names) {
      const el = figure(name);
      expect(el).toHaveTextContent(
        'No deployments to prod from 2026-11-02 to 2026-12-02',
      );
      // Only the dates of the reason: no 0, no percent, no level.
      expect(el.textContent!.replace(/\d{4}-\d{2}-\d{2}/g, '')).not.toMatch(
        /\d|%/,
      );
      expect(within(el).queryByLabelText(/DORA level/)).toBeNull();
    }
  });

  it('shows a change failure rate of 0 as 0 %: deployments and no failure', async () => {
    await render(
      api({
        getDoraMetrics: jest.fn().mockResolvedValue({
          ...cartMetrics,
          changeFailureRate: {
            failed: 0,
            rate: 0,
            band: 'elite',
            reason: null,
          },
          timeToRestore: {
            restored: 0,
            unrestored: 0,
            medianSeconds: null,
            band: null,
            reason: 'no failed deployments in the range',
          },
        }),
      }),
      <DoraCard entityRef={entityRef} now={now} />,
    );

    expect(
      await screen.findByRole('group', { name: 'Change failure rate' }),
    ).toHaveTextContent('0 %');
    expect(figure('Time to restore')).toHaveTextContent(
      'No failed deployments in the range',
    );
  });

  it('asks again for the range chosen, in days for 30 days', async () => {
    const a = api();
    await render(a, <DoraCard entityRef={entityRef} now={now} />);
    await screen.findByRole('group', { name: 'Deployment frequency' });

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Range' }),
      'Last 30 days',
    );
    expect(a.getDoraMetrics).toHaveBeenLastCalledWith({
      entityRef,
      from: '2026-11-02T15:00:00.000Z',
      to: '2026-12-02T15:00:00.000Z',
      bucket: 'day',
    });

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Range' }),
      'Last 180 days',
    );
    expect(a.getDoraMetrics).toHaveBeenLastCalledWith({
      entityRef,
      from: '2026-06-05T15:00:00.000Z',
      to: '2026-12-02T15:00:00.000Z',
      bucket: 'week',
    });
    expect(a.getDoraMetrics).toHaveBeenCalledTimes(3);
  });

  it('asks for the environment chosen among those of the component', async () => {
    const a = api();
    await render(a, <DoraCard entityRef={entityRef} now={now} />);
    await screen.findByRole('group', { name: 'Deployment frequency' });

    const select = screen.getByRole('combobox', { name: 'Environment' });
    expect(select).toHaveValue('prod');
    await userEvent.selectOptions(select, 'staging');
    expect(a.getDoraMetrics).toHaveBeenLastCalledWith(
      expect.objectContaining({ entityRef, environment: 'staging' }),
    );
  });

  it('shows the message of a 400 from the backend', async () => {
    const error = await backendError(
      400,
      'InputError',
      'Invalid query: environment must be one of dev, qa, staging, prod',
    );
    await render(
      api({ getDoraMetrics: jest.fn().mockRejectedValue(error) }),
      <DoraCard entityRef={entityRef} now={now} />,
    );

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the DORA metrics');
    expect(alert).toHaveTextContent(
      'Invalid query: environment must be one of dev, qa, staging, prod',
    );
    expect(
      screen.queryByRole('group', { name: 'Deployment frequency' }),
    ).toBeNull();
  });
});

describe('EntityDoraCard', () => {
  it('asks for the product of a System, and says how many product deployments', async () => {
    const a = api({
      getDoraMetrics: jest.fn().mockResolvedValue({
        ...cartMetrics,
        entityRef: undefined,
        system: systemRef,
        components: ['component:default/cart', 'component:default/checkout'],
        productDeployments: 5,
      }),
    });
    await render(
      a,
      <EntityProvider entity={systemEntity}>
        <EntityDoraCard />
      </EntityProvider>,
    );

    expect(
      await screen.findByText('5 product deployments of 2 components to prod'),
    ).toBeInTheDocument();
    expect(a.getDoraMetrics).toHaveBeenCalledWith(
      expect.objectContaining({ system: systemRef }),
    );
    expect(a.getDoraMetrics.mock.calls[0][0]).not.toHaveProperty('entityRef');
    expect(a.getMatrix).toHaveBeenCalledWith(systemRef);
  });

  it('asks for a Component set up for releases by its reference', async () => {
    const a = api();
    await render(
      a,
      <EntityProvider entity={annotatedEntity}>
        <EntityDoraCard />
      </EntityProvider>,
    );

    await screen.findByRole('group', { name: 'Deployment frequency' });
    expect(a.getDoraMetrics).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef }),
    );
  });

  it('asks nothing for a Component not set up for releases', async () => {
    const a = api();
    await render(
      a,
      <EntityProvider entity={plainEntity}>
        <EntityDoraCard />
      </EntityProvider>,
    );

    expect(
      await screen.findByRole('heading', { name: /missing annotation/i }),
    ).toBeInTheDocument();
    expect(a.getDoraMetrics).not.toHaveBeenCalled();
  });
});
