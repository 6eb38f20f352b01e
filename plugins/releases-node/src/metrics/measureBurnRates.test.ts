import { measureBurnRates } from './measureBurnRates';
import type {
  MetricOutcome,
  MetricsQueryContext,
  MetricsSource,
} from './metrics-source';

/** A source answering good/total per window from a table. */
function fakeSource(
  successRatios: Record<string, number | 'down' | 'none'>,
): MetricsSource & { contexts: MetricsQueryContext[] } {
  const contexts: MetricsQueryContext[] = [];
  return {
    id: 'fake',
    contexts,
    async query(context, indicators) {
      contexts.push(context);
      return indicators.map((indicator): MetricOutcome => {
        const answer = successRatios[context.window!];
        const query = `ratio[${context.window}]`;
        if (answer === 'down') {
          return {
            metric: indicator.metric,
            status: 'source-down',
            query,
            message: 'connection refused',
          };
        }
        if (answer === 'none' || answer === undefined) {
          return {
            metric: indicator.metric,
            status: 'no-data',
            reason: 'empty',
            query,
            message: 'no series',
          };
        }
        return {
          metric: indicator.metric,
          status: 'value',
          value: answer,
          query,
          raw: String(answer),
          at: context.at!,
        };
      });
    },
    async queryRange() {
      throw new Error('not used');
    },
  };
}

const context: MetricsQueryContext = {
  entityRef: 'component:default/cart',
  entityName: 'cart',
  environment: 'prod',
};
const indicator = { metric: 'availability', good: 'g', total: 't' };

describe('measureBurnRates', () => {
  it('asks for every window at one time and evaluates the alert state and budget', async () => {
    const source = fakeSource({
      '5m': 0.99,
      '30m': 0.995,
      '1h': 0.985,
      '2h': 0.99,
      '6h': 0.996,
      '1d': 0.999,
      '3d': 0.9995,
      '30d': 0.9996,
    });
    const at = new Date('2026-03-01T12:00:00Z');
    const result = await measureBurnRates(
      source,
      { ...context, at },
      indicator,
      { target: 0.999, windowDays: 30 },
    );
    expect(source.contexts.map(c => c.window).sort()).toEqual(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].sort(),
    );
    expect(source.contexts.every(c => c.at === at)).toBe(true);
    expect(result.errorRatios['1h']).toBeCloseTo(0.015, 12);
    expect(result.errorRatios['5m']).toBeCloseTo(0.01, 12);
    // 1h burns 15 and 5m 10: the first rule needs both above 14.4.
    // 6h burns 4, 30m 5: below 6. 1d 1, 2h 10: not both above 3. 3d 0.5.
    expect(result.evaluation.rules.map(r => r.status)).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    expect(result.evaluation.state).toBe('ok');
    // 30d: 0.0004 of 0.001 used, 60 % of 43.2 min left.
    expect(result.budget).toMatchObject({
      status: 'value',
      remainingFraction: expect.closeTo(0.6, 9),
      remainingMinutes: expect.closeTo(25.92, 9),
    });
    expect(result.outcomes['30d']).toMatchObject({
      status: 'value',
      query: 'ratio[30d]',
    });
  });

  it('pages when the fast windows burn', async () => {
    const result = await measureBurnRates(
      fakeSource({
        '5m': 0.98,
        '30m': 0.98,
        '1h': 0.98,
        '2h': 0.99,
        '6h': 0.99,
        '1d': 0.999,
        '3d': 0.999,
        '30d': 0.999,
      }),
      context,
      indicator,
      { target: 0.999, windowDays: 30 },
    );
    expect(result.evaluation.state).toBe('page');
  });

  it('a window without data or with the source down is no-data, never ok', async () => {
    const result = await measureBurnRates(
      fakeSource({
        '5m': 'down',
        '30m': 1,
        '1h': 1,
        '2h': 1,
        '6h': 1,
        '1d': 1,
        '3d': 1,
        '30d': 'none',
      }),
      context,
      indicator,
      { target: 0.99, windowDays: 28 },
    );
    expect(result.errorRatios['5m']).toBeNull();
    expect(result.evaluation.rules[0].status).toBe('no-data');
    expect(result.evaluation.state).toBe('no-data');
    expect(result.budget.status).toBe('no-data');
    expect(result.outcomes['5m']).toMatchObject({
      status: 'source-down',
      message: 'connection refused',
    });
    expect(Object.keys(result.outcomes)).toContain('28d');
  });
});
