import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  releasesMetricsSourcesExtensionPoint,
  type MetricOutcome,
  type MetricsIndicator,
  type MetricsQueryContext,
  type MetricsSource,
} from '@releases-for-backstage/plugin-releases-node';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import {
  componentEntity,
  releasesTestDatabases,
  testReleasesConfig,
  waitForPromotion,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(180_000);

const databases = releasesTestDatabases();
const CART = 'component:default/cart';

// Keptn's documented example of an slo.yaml, with `pass_or_warn` so a
// warning serves as baseline too.
const SLO_YAML = `spec_version: "1.0"
comparison:
  compare_with: "single_result"
  include_result_with_score: "pass_or_warn"
  aggregate_function: avg
objectives:
  - sli: response_time_p95
    pass:
      - criteria:
          - "<=+10%"
          - "<600"
    warning:
      - criteria:
          - "<=800"
    weight: 1
  - sli: error_rate
    pass:
      - criteria: ["<=1"]
    warning:
      - criteria: ["<=2"]
  - sli: throughput
    pass:
      - criteria: [">=100"]
    weight: 2
total_score:
  pass: "90%"
  warning: "75%"
`;
const SLI_YAML = `spec_version: '1.0'
indicators:
  response_time_p95: histogram_quantile(0.95, sum by (le) (rate(http_duration_bucket{service="$SERVICE",stage="$STAGE"}[5m])))
  error_rate: sum(rate(http_requests_total{service="$SERVICE",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="$SERVICE"}[5m])) * 100
  throughput: sum(rate(http_requests_total{service="$SERVICE"}[5m]))
`;

/** A metrics source that answers what the test sets, speaking the source interface. */
class ScriptedSource implements MetricsSource {
  readonly id = 'scripted';
  answers: Record<string, number | 'no-data' | 'source-down'> = {};
  readonly asked: MetricsQueryContext[] = [];

  async query(
    context: MetricsQueryContext,
    indicators: MetricsIndicator[],
  ): Promise<MetricOutcome[]> {
    this.asked.push(context);
    return indicators.map(i => {
      const query = ('query' in i ? i.query : i.metric)
        .replace(/\$SERVICE/g, context.entityName)
        .replace(/\$STAGE/g, context.environment);
      const answer = this.answers[i.metric] ?? 'no-data';
      if (answer === 'no-data')
        return {
          metric: i.metric,
          status: 'no-data',
          reason: 'empty',
          query,
          message: 'no series matched',
        };
      if (answer === 'source-down')
        return {
          metric: i.metric,
          status: 'source-down',
          query,
          message: 'connect ECONNREFUSED 127.0.0.1:9090',
        };
      return {
        metric: i.metric,
        status: 'value',
        value: answer,
        raw: String(answer),
        query,
        at: context.at ?? new Date(),
      };
    });
  }

  async queryRange(): Promise<never> {
    throw new Error('not asked in these tests');
  }
}

describe.each(databases.eachSupportedId())('SLOs on %p', databaseId => {
  let app: GitFixture;
  let envRepo: GitFixture;
  let source: ScriptedSource;
  let ticker: ReturnType<typeof setInterval> | undefined;

  beforeEach(() => {
    app = GitFixture.create();
    mkdirSync(join(app.dir, 'keptn'), { recursive: true });
    writeFileSync(join(app.dir, 'keptn', 'slo.yaml'), SLO_YAML);
    writeFileSync(join(app.dir, 'keptn', 'sli.yaml'), SLI_YAML);
    app.git('add', 'keptn');
    app.commit('feat: cart with SLOs');
    envRepo = GitFixture.create();
    envRepo.commit('chore: environments');
    source = new ScriptedSource();
  });
  afterEach(() => {
    clearInterval(ticker);
    app.cleanup();
    envRepo.cleanup();
  });

  async function start(
    options: { annotated?: boolean; releases?: Record<string, unknown> } = {},
  ) {
    const knex = await databases.init(databaseId);
    // The test scheduler runs a task only when triggered: tick it like the
    // real one does, so a pending verification is asked again.
    const scheduler = mockServices.scheduler() as any;
    ticker = setInterval(
      () => scheduler.triggerTask('releases-promotions').catch(() => undefined),
      200,
    );
    const sources = createBackendModule({
      pluginId: 'releases',
      moduleId: 'scripted-metrics',
      register(env) {
        env.registerInit({
          deps: { metrics: releasesMetricsSourcesExtensionPoint },
          async init({ metrics }) {
            metrics.addMetricsSource(source);
          },
        });
      },
    });
    const entity = componentEntity('cart', {
      gitRepo: app.dir,
      environmentRepo: envRepo.dir,
    });
    if (options.annotated !== false) {
      entity.metadata.annotations = {
        ...entity.metadata.annotations,
        'releases-for-backstage.io/slo-file': 'keptn/slo.yaml',
        'releases-for-backstage.io/sli-file': 'keptn/sli.yaml',
        'releases-for-backstage.io/grafana-url':
          'https://grafana.example.com/d/cart',
      };
    }
    const { server } = await startTestBackend({
      features: [
        releasesPlugin,
        sources,
        scheduler.factory(),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            releases: {
              ...testReleasesConfig(),
              slo: {
                source: 'scripted',
                intervalMinutes: 30,
                stability: { soakMinutes: 120 },
              },
              ...options.releases,
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [entity] }),
      ],
    });
    return { server, knex };
  }

  const minutesAgo = (m: number) =>
    new Date(
      Math.floor(Date.now() / 60_000) * 60_000 - m * 60_000,
    ).toISOString();
  const evaluate = (server: any, body: object) =>
    request(server)
      .post('/api/releases/slo/evaluations')
      .send({ entityRef: CART, environment: 'staging', ...body });
  const values = (rt: number, er: number, tp: number) => [
    { metric: 'response_time_p95', value: rt },
    { metric: 'error_rate', value: er },
    { metric: 'throughput', value: tp },
  ];
  const stored = async (knex: any) =>
    Number((await knex('slo_evaluations').count({ n: '*' }))[0].n);

  it("scores pushed values by Keptn's rules and compares the next with them", async () => {
    const { server, knex } = await start();
    // Keptn's worked example: weights 1, 1, 2 with pass, warning, pass: 87.5%.
    const first = await evaluate(server, {
      windowStart: minutesAgo(60),
      windowEnd: minutesAgo(30),
      values: values(500, 1.5, 150),
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      entityRef: CART,
      environment: 'staging',
      source: 'pipeline',
      score: 87.5,
      result: 'warning',
      keySliFailed: false,
    });
    expect(
      first.body.indicators.map((i: any) => [i.metric, i.status, i.score]),
    ).toEqual([
      ['response_time_p95', 'pass', 1],
      ['error_rate', 'warning', 0.5],
      ['throughput', 'pass', 2],
    ]);
    // No baseline yet: Keptn counts the relative criterion as met.
    expect(first.body.indicators[0]).toMatchObject({
      comparedValue: null,
      outcome: 'value',
      passTargets: [
        { criteria: '<=+10%', targetValue: null, violated: false },
        { criteria: '<600', targetValue: 600, violated: false },
      ],
    });

    // The same window again is the same evaluation.
    const again = await evaluate(server, {
      windowStart: minutesAgo(60),
      windowEnd: minutesAgo(30),
      values: values(900, 9, 1),
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.score).toBe(87.5);

    // 560 is more than 10% above the baseline of 500: a warning.
    const second = await evaluate(server, {
      windowStart: minutesAgo(30),
      windowEnd: minutesAgo(0),
      values: values(560, 0.5, 150),
    });
    expect(second.status).toBe(201);
    expect(second.body.indicators[0]).toMatchObject({
      value: 560,
      comparedValue: 500,
      status: 'warning',
      passTargets: [
        { criteria: '<=+10%', targetValue: 550, violated: true },
        { criteria: '<600', targetValue: 600, violated: false },
      ],
    });
    expect(second.body).toMatchObject({ score: 87.5, result: 'warning' });

    const listed = await request(server)
      .get('/api/releases/slo/evaluations')
      .query({ entityRef: CART, environment: 'staging' });
    expect(listed.status).toBe(200);
    expect(listed.body.definition).toMatchObject({
      file: 'keptn/slo.yaml',
      format: 'keptn',
      totalScore: { pass: 90, warning: 75 },
    });
    expect(
      listed.body.definition.objectives.map((o: any) => [
        o.metric,
        o.threshold,
        o.weight,
      ]),
    ).toEqual([
      ['response_time_p95', 600, 1],
      ['error_rate', 1, 1],
      ['throughput', 100, 2],
    ]);
    expect(listed.body.evaluations.map((e: any) => e.id)).toEqual([
      second.body.id,
      first.body.id,
    ]);
    expect(listed.body.links).toEqual({
      grafana: 'https://grafana.example.com/d/cart',
    });
    expect(
      (await knex('audit_log').where({ action: 'slo-evaluation' })).length,
    ).toBe(2);
  });

  it('stops at start when releases.slo.source names no installed source', async () => {
    await expect(
      start({ releases: { slo: { source: 'datadog' } } }),
    ).rejects.toThrow(
      "releases.slo.source: no metrics source 'datadog' is installed; installed: 'scripted'",
    );
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const { server, knex } = await start();
    for (const [body, message] of [
      [
        { values: [{ metric: 'latency', value: 3 }] },
        /^Invalid request body: 'latency' is no objective of keptn\/slo\.yaml \(objectives: response_time_p95, error_rate, throughput\)$/,
      ],
      [
        { windowEnd: new Date(Date.now() + 3600_000).toISOString() },
        /windowEnd is in the future/,
      ],
      [
        { windowStart: minutesAgo(10), windowEnd: minutesAgo(20) },
        /windowStart is not before windowEnd/,
      ],
      [
        { windowStart: minutesAgo(60 * 24 * 40), windowEnd: minutesAgo(0) },
        /windowStart makes a window over 31 days/,
      ],
      [
        {
          values: [
            { metric: 'error_rate', value: 1 },
            { metric: 'error_rate', value: 2 },
          ],
        },
        /'error_rate' is given twice/,
      ],
      [
        { environment: 'moon' },
        /^Invalid request body: environment 'moon' is not one of dev, qa, staging, canary, prod$/,
      ],
      [
        { values: [{ metric: 'error_rate', value: 'high' }] },
        /values\.0\.value/,
      ],
    ] as const) {
      const res = await evaluate(server, body);
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
    }
    expect(await stored(knex)).toBe(0);

    const plain = await start({ annotated: false });
    const none = await evaluate(plain.server, { values: values(1, 1, 1) });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toBe(
      `${CART} declares no SLOs: set the releases-for-backstage.io/slo-file annotation`,
    );
    const listed = await request(plain.server)
      .get('/api/releases/slo/evaluations')
      .query({ entityRef: CART, environment: 'staging' });
    expect(listed.body).toMatchObject({ definition: null, evaluations: [] });
  });

  it('reads the metrics source, keeps source down and no data as outcomes, and never scores no data', async () => {
    const { server } = await start();
    source.answers = {
      response_time_p95: 400,
      error_rate: 'source-down',
      throughput: 'no-data',
    };
    const read = await evaluate(server, {});
    expect(read.status).toBe(201);
    expect(read.body.source).toBe('scripted');
    expect(
      read.body.indicators.map((i: any) => [i.metric, i.outcome, i.status]),
    ).toEqual([
      ['response_time_p95', 'value', 'pass'],
      ['error_rate', 'source-down', 'fail'],
      ['throughput', 'no-data', 'fail'],
    ]);
    // Only the one measured objective scores: 1 of 4.
    expect(read.body).toMatchObject({ score: 25, result: 'fail' });
    expect(read.body.indicators[0]).toMatchObject({
      query:
        'histogram_quantile(0.95, sum by (le) (rate(http_duration_bucket{service="cart",stage="staging"}[5m])))',
      raw: '400',
    });
    expect(source.asked[0]).toMatchObject({
      entityRef: CART,
      entityName: 'cart',
      environment: 'staging',
      window: '30m',
    });

    source.answers = {};
    const nothing = await evaluate(server, {
      windowStart: minutesAgo(90),
      windowEnd: minutesAgo(60),
    });
    expect(nothing.status).toBe(201);
    expect(nothing.body).toMatchObject({ result: 'no-data', score: null });
  });

  it('scores the stability of what runs in staging over its soak time', async () => {
    const { server } = await start();
    app.tag('v1.0.0');
    const deployed = await request(server)
      .post('/api/releases/deployments')
      .send({
        entityRef: CART,
        environment: 'staging',
        version: 'v1.0.0',
        status: 'succeeded',
        finishedAt: minutesAgo(150),
      });
    expect(deployed.status).toBe(201);
    // Soak time 120 minutes, interval 30: four intervals after the deploy.
    for (const [end, rt, er] of [
      [125, 500, 0.5],
      [95, 520, 1.5],
      [65, 510, 0.5],
      [35, 505, 0.5],
    ] as const) {
      const res = await evaluate(server, {
        windowStart: minutesAgo(end + 30),
        windowEnd: minutesAgo(end),
        values: values(rt, er, 150),
      });
      expect(res.status).toBe(201);
    }
    const stability = await request(server)
      .get('/api/releases/stability')
      .query({ entityRef: CART, environment: 'staging' });
    expect(stability.status).toBe(200);
    // Scores 100, 87.5, 100, 100: average 96.9; the second is a warning,
    // the last passed, the soak time is over.
    expect(stability.body).toMatchObject({
      entityRef: CART,
      environment: 'staging',
      version: 'v1.0.0',
      score: 96.9,
      passed: true,
      channel: 'stable',
      soaked: 1,
      intervals: { due: 4, measured: 4, failed: 0 },
    });

    const other = await request(server)
      .get('/api/releases/stability')
      .query({ entityRef: CART, environment: 'staging', version: 'v0.9.0' });
    expect(other.body).toMatchObject({
      score: null,
      channel: null,
      reasons: ['v0.9.0 has not run in staging'],
    });
  });

  it('verifies a promotion by its SLOs: a failure rolls back, missing metrics never verify', async () => {
    const environments = [
      { name: 'dev', type: 'dev' },
      { name: 'qa', type: 'qa', verifiers: { slo: { minutes: 5 } } },
      { name: 'staging', type: 'staging' },
      { name: 'prod', type: 'prod' },
    ];
    const { server } = await start({
      releases: {
        environments,
        promotions: {
          frequency: { seconds: 1 },
          verificationTimeout: { seconds: 4 },
        },
      },
    });
    const promote = async () => {
      const res = await request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, environment: 'qa' });
      expect(res.status).toBe(201);
      return waitForPromotion(server, res.body.id);
    };

    source.answers = { response_time_p95: 900, error_rate: 5, throughput: 10 };
    const failing = await promote();
    expect(failing.state).toBe('rolled-back');
    expect(JSON.stringify(failing)).toMatch(
      /SLOs failed for v1\.0\.0-rc\.1: score 0%/,
    );

    app.commit('fix: faster cart');
    source.answers = {};
    const blind = await promote();
    expect(blind.state).toBe('rolled-back');
    expect(JSON.stringify(blind)).toMatch(/no SLO data yet for v1\.0\.0-rc\.2/);

    app.commit('fix: even faster cart');
    source.answers = {
      response_time_p95: 300,
      error_rate: 0.1,
      throughput: 300,
    };
    const good = await promote();
    expect(good.state).toBe('succeeded');
    expect(JSON.stringify(good)).toMatch(
      /SLOs pass for v1\.0\.0-rc\.3: score 100%/,
    );
  });
});
