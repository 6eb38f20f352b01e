import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidSloDefinitionError } from './errors';
import { parseSloDefinition } from './parse';

const keptnSample = readFileSync(
  join(__dirname, '__fixtures__', 'keptn-slo.yaml'),
  'utf8',
);

const RELEASES = `
apiVersion: releases-for-backstage.io/v1alpha1
kind: ServiceLevelObjectives
metadata:
  name: checkout
spec:
  window: 30d
  comparison:
    compareWith: several_results
    numberOfComparisonResults: 3
    includeResultWithScore: pass
    aggregateFunction: avg
  totalScore: { pass: 90, warning: "75%" }
  objectives:
    - name: latency_p95
      displayName: Latency p95 (ms)
      indicator:
        type: threshold
        query: 'histogram_quantile(0.95, sum by (le) (rate(http_server_duration_bucket{service="\${entity}"}[5m])))'
      pass: [{ criteria: ["<=300", "<=+10%"] }]
      warning: [{ criteria: ["<=500"] }]
      weight: 1
      key: false
    - name: availability
      indicator:
        type: ratio
        good: 'sum(rate(http_requests_total{code!~"5.."}[\${window}]))'
        total: 'sum(rate(http_requests_total[\${window}]))'
      target: 0.999
      pass: [{ criteria: [">=99.9"] }]
      key: true
`;

function errorOf(text: string, source?: string): InvalidSloDefinitionError {
  try {
    parseSloDefinition(text, source);
  } catch (e) {
    if (e instanceof InvalidSloDefinitionError) return e;
    throw e;
  }
  throw new Error('expected the definition to be refused');
}

const keptn = (body: string) => `spec_version: "1.0"\n${body}`;

describe('parseSloDefinition, Keptn format', () => {
  it("reads Keptn's sample slo.yaml into the model", () => {
    const d = parseSloDefinition(keptnSample, 'slo.yaml');
    expect(d.format).toBe('keptn');
    expect(d.source).toBe('slo.yaml');
    expect(d.specVersion).toBe('1.0');
    expect(d.filter).toEqual({ mz_id: '4711', svc_id: 'a14b-cd87-0d51' });
    expect(d.noBaseline).toBe('pass');
    expect(d.comparison).toEqual({
      compareWith: 'several_results',
      includeResultWithScore: 'pass',
      numberOfComparisonResults: 3,
      aggregateFunction: 'avg',
    });
    expect(d.totalScore).toEqual({ pass: 90, warning: 75 });
    expect(d.objectives.map(o => [o.metric, o.weight, o.keySli])).toEqual([
      ['response_time_p95', 1, false],
      ['throughput', 1, false],
      ['error_rate', 2, true],
    ]);
    expect(d.objectives[0].displayName).toBe('Response time P95');
    expect(d.objectives[0].pass[0].criteria).toEqual([
      {
        text: '<=+10%',
        operator: '<=',
        amount: 10,
        relative: true,
        percent: true,
        increase: true,
      },
      {
        text: '<600',
        operator: '<',
        amount: 600,
        relative: false,
        percent: false,
        increase: true,
      },
    ]);
    expect(d.objectives[1].pass).toEqual([]);
  });

  it('applies single_result / all / 1 / avg without comparison, and weight 0 as 1', () => {
    const d = parseSloDefinition(
      keptn(
        'objectives:\n  - sli: a\n    weight: 0\n    pass: [{criteria: ["<1"]}]\ntotal_score: {pass: "90"}\n',
      ),
    );
    expect(d.comparison).toEqual({
      compareWith: 'single_result',
      includeResultWithScore: 'all',
      numberOfComparisonResults: 1,
      aggregateFunction: 'avg',
    });
    expect(d.objectives[0].weight).toBe(1);
    expect(d.totalScore).toEqual({ pass: 90 });
  });

  it('inside a comparison: empty include is all, 0 results is 3, empty aggregate is avg', () => {
    const d = parseSloDefinition(
      keptn(
        'comparison:\n  compare_with: several_results\n  include_result_with_score: ""\n  number_of_comparison_results: 0\n  aggregate_function: ""\ntotal_score: {pass: "90%"}\n',
      ),
    );
    expect(d.comparison).toEqual({
      compareWith: 'several_results',
      includeResultWithScore: 'all',
      numberOfComparisonResults: 3,
      aggregateFunction: 'avg',
    });
  });

  it('single_result keeps one result whatever number_of_comparison_results says', () => {
    const d = parseSloDefinition(
      keptn(
        'comparison:\n  compare_with: single_result\n  number_of_comparison_results: 5\ntotal_score: {pass: "90%"}\n',
      ),
    );
    expect(d.comparison.numberOfComparisonResults).toBe(1);
  });

  it('a comparison without compare_with keeps 3 results, as lighthouse does', () => {
    const d = parseSloDefinition(
      keptn(
        'comparison:\n  number_of_comparison_results: 5\n  aggregate_function: p90\ntotal_score: {pass: "90%"}\n',
      ),
    );
    expect(d.comparison).toMatchObject({
      compareWith: 'several_results',
      numberOfComparisonResults: 3,
      aggregateFunction: 'p90',
    });
  });

  it('names a criterion that is not one, with its path and line', () => {
    const e = errorOf(
      keptn(`objectives:
  - sli: a
    pass: [{criteria: ["<1"]}]
  - sli: b
    pass: [{criteria: ["<1"]}]
  - sli: c
    pass:
      - criteria:
          - "<=10"
          - "=>5"
total_score: {pass: "90%"}
`),
      'slo.yaml',
    );
    expect(e.path).toBe('objectives[2].pass[0].criteria[1]');
    expect(e.message).toBe(
      'slo.yaml, line 11: objectives[2].pass[0].criteria[1]: "=>5" is not a criterion; use <=, <, =, >=, > followed by a number, +x, -x or x%',
    );
  });

  it.each([
    ['<=+10 %', true],
    ['< 600', true],
    ['>-5', true],
    ['=0', true],
    ['10%', false],
    ['<=', false],
    ['<=abc', false],
    ['<=+-5', false],
    ['<<5', false],
  ])('criterion %p is accepted: %p', (criterion, ok) => {
    const text = keptn(
      `objectives:\n  - sli: a\n    pass: [{criteria: ["${criterion}"]}]\ntotal_score: {pass: "90%"}\n`,
    );
    let path: string | undefined;
    try {
      parseSloDefinition(text);
    } catch (e) {
      path = (e as InvalidSloDefinitionError).path;
    }
    expect(path).toBe(ok ? undefined : 'objectives[0].pass[0].criteria[0]');
  });

  it('requires total_score.pass', () => {
    expect(errorOf(keptn('objectives: []\n')).message).toBe(
      'total_score: is required, e.g. { pass: "90%", warning: "75%" }',
    );
    expect(errorOf(keptn('total_score:\n  warning: "75%"\n')).message).toBe(
      'line 3: total_score.pass: is required, e.g. "90%"',
    );
  });

  it('refuses unknown keys, bad choices, weights and spec versions with their path', () => {
    expect(
      errorOf(
        keptn(
          'objectives:\n  - sli: a\n    wieght: 2\ntotal_score: {pass: "90%"}\n',
        ),
      ).message,
    ).toBe(
      'line 4: objectives[0].wieght: unknown key; allowed here: sli, displayName, pass, warning, weight, key_sli',
    );
    expect(
      errorOf(
        keptn(
          'comparison:\n  compare_with: last\ntotal_score: {pass: "90%"}\n',
        ),
      ).message,
    ).toBe(
      'line 3: comparison.compare_with: "last" is not one of single_result, several_results',
    );
    expect(
      errorOf(
        keptn(
          'comparison:\n  compare_with: single_result\n  aggregate_function: p99\ntotal_score: {pass: "90%"}\n',
        ),
      ).path,
    ).toBe('comparison.aggregate_function');
    expect(
      errorOf(
        keptn(
          'objectives:\n  - sli: a\n    weight: -1\ntotal_score: {pass: "90%"}\n',
        ),
      ).path,
    ).toBe('objectives[0].weight');
    expect(errorOf(keptn('total_score: {pass: "ninety"}\n')).path).toBe(
      'total_score.pass',
    );
    expect(
      errorOf('spec_version: "2.0"\ntotal_score: {pass: "90%"}\n').path,
    ).toBe('spec_version');
    expect(
      errorOf(
        keptn(
          'objectives:\n  - sli: a\n  - sli: a\ntotal_score: {pass: "90%"}\n',
        ),
      ).path,
    ).toBe('objectives[1].sli');
  });

  it('reads an unquoted spec_version 1.0', () => {
    expect(
      parseSloDefinition('spec_version: 1.0\ntotal_score: {pass: 90}\n')
        .specVersion,
    ).toBe('1.0');
  });
});

describe('parseSloDefinition, our format', () => {
  it('reads it into the model, with indicators, target and window', () => {
    const d = parseSloDefinition(RELEASES, 'slo.yaml');
    expect(d.format).toBe('releases');
    expect(d.name).toBe('checkout');
    expect(d.window).toEqual({ duration: '30d', seconds: 30 * 86400 });
    expect(d.noBaseline).toBe('warning');
    expect(d.totalScore).toEqual({ pass: 90, warning: 75 });
    expect(d.comparison).toEqual({
      compareWith: 'several_results',
      numberOfComparisonResults: 3,
      includeResultWithScore: 'pass',
      aggregateFunction: 'avg',
    });
    const [latency, availability] = d.objectives;
    expect(latency).toMatchObject({
      metric: 'latency_p95',
      displayName: 'Latency p95 (ms)',
      weight: 1,
      keySli: false,
      indicator: { type: 'threshold' },
    });
    expect(latency.target).toBeUndefined();
    expect(availability).toMatchObject({
      metric: 'availability',
      weight: 1,
      keySli: true,
      target: 0.999,
      indicator: {
        type: 'ratio',
        good: 'sum(rate(http_requests_total{code!~"5.."}[${window}]))',
      },
    });
  });

  it('defaults like Keptn without comparison, and reads noBaseline: pass', () => {
    const d = parseSloDefinition(`
apiVersion: releases-for-backstage.io/v1alpha1
kind: ServiceLevelObjectives
spec:
  noBaseline: pass
  totalScore: { pass: "90%" }
  objectives: []
`);
    expect(d.comparison).toEqual({
      compareWith: 'single_result',
      numberOfComparisonResults: 1,
      includeResultWithScore: 'all',
      aggregateFunction: 'avg',
    });
    expect(d.noBaseline).toBe('pass');
    expect(d.window).toBeUndefined();
  });

  const ours = (spec: string) =>
    `apiVersion: releases-for-backstage.io/v1alpha1\nkind: ServiceLevelObjectives\nspec:\n${spec}`;

  it.each([
    [
      '  totalScore: { pass: 90 }\n  objectives:\n    - name: a\n      threshold: 3\n',
      'spec.objectives[0].threshold',
      'unknown key; allowed here: name, displayName, indicator, target, pass, warning, weight, key',
    ],
    [
      '  objectives: []\n',
      'spec.totalScore',
      'is required, e.g. { pass: 90, warning: 75 }',
    ],
    [
      '  window: 4w\n  totalScore: { pass: 90 }\n  objectives: []\n',
      'spec.window',
      '"4w" is not a window; use <n>d, <n>h or <n>m, e.g. 30d',
    ],
    [
      '  window: 30d\n  totalScore: { pass: 90 }\n  objectives:\n    - name: a\n      target: 99.9\n',
      'spec.objectives[0].target',
      '99.9 is not a target; use a number between 0 and 1, e.g. 0.999',
    ],
    [
      '  totalScore: { pass: 90 }\n  objectives:\n    - name: a\n      target: 0.99\n',
      'spec.objectives[0].target',
      'needs spec.window, the period the target holds over, e.g. 30d',
    ],
    [
      '  totalScore: { pass: 90 }\n  objectives:\n    - name: a\n      indicator: { type: ratio, good: x }\n',
      'spec.objectives[0].indicator.total',
      'must be a non-empty string',
    ],
    [
      '  totalScore: { pass: 90 }\n  objectives:\n    - name: a\n      indicator: { type: threshold, query: x, good: y }\n',
      'spec.objectives[0].indicator.good',
      'unknown key; allowed here: type, query',
    ],
    [
      '  comparison: { numberOfComparisonResults: 3 }\n  totalScore: { pass: 90 }\n  objectives: []\n',
      'spec.comparison.compareWith',
      'is required: single_result or several_results',
    ],
    [
      '  noBaseline: fail\n  totalScore: { pass: 90 }\n  objectives: []\n',
      'spec.noBaseline',
      '"fail" is not one of warning, pass',
    ],
    [
      '  totalScore: { pass: 90 }\n  objectives:\n    - name: a\n      pass: [{ criteria: [] }]\n',
      'spec.objectives[0].pass[0].criteria',
      'must list at least one criterion',
    ],
    [
      '  totalScore: { pass: 75, warning: 90 }\n  objectives: []\n',
      'spec.totalScore.warning',
      '90 is above pass (75)',
    ],
  ])('refuses %p at %s', (spec, path, reason) => {
    const e = errorOf(ours(spec));
    expect(e.path).toBe(path);
    expect(e.reason).toBe(reason);
  });

  it('refuses an unknown apiVersion', () => {
    expect(
      errorOf('apiVersion: openslo/v1\nkind: SLO\nspec: {}\n').message,
    ).toBe(
      'line 1: apiVersion: "openslo/v1" is not supported; use releases-for-backstage.io/v1alpha1',
    );
  });
});

describe('parseSloDefinition, any text', () => {
  it('refuses text that is not YAML, naming the source and line', () => {
    const e = errorOf('spec_version: "1.0"\nobjectives: [\n', 'slo.yaml');
    expect(e.message).toMatch(/^slo\.yaml, line \d+: not valid YAML: /);
  });

  it('refuses YAML of neither format', () => {
    expect(errorOf('objectives: []\n', 'x.yaml').message).toBe(
      'x.yaml: is not a service level objectives file: expected spec_version (Keptn) or apiVersion: releases-for-backstage.io/v1alpha1 and kind: ServiceLevelObjectives',
    );
    expect(errorOf('- 1\n').message).toMatch(
      /is not a service level objectives file/,
    );
  });
});
