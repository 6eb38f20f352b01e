import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  aggregate,
  comparedEvaluations,
  evaluateSlo,
  percentile,
} from './evaluate';
import { parseSloDefinition } from './parse';
import type { SloPreviousEvaluation, SloResult, SloValue } from './types';

const keptnSample = parseSloDefinition(
  readFileSync(join(__dirname, '__fixtures__', 'keptn-slo.yaml'), 'utf8'),
);

const keptn = (body: string) =>
  parseSloDefinition(`spec_version: "1.0"\n${body}`);
const ours = (spec: string) =>
  parseSloDefinition(
    `apiVersion: releases-for-backstage.io/v1alpha1\nkind: ServiceLevelObjectives\nspec:\n${spec}`,
  );

const ok = (metric: string, value: number): SloValue => ({
  metric,
  value,
  success: true,
});

const earlier = (
  result: SloResult,
  values: Record<string, number>,
): SloPreviousEvaluation => ({
  result,
  score: 0,
  indicators: Object.entries(values).map(([metric, value]) => ({
    metric,
    value,
    success: true,
    status: 'pass',
  })),
});

describe('evaluateSlo', () => {
  it("scores Keptn's worked example: weights 1, 1, 2 with pass, warning, pass is 87.5%", () => {
    const d = keptn(`objectives:
  - sli: a
    pass: [{criteria: ["<=10"]}]
  - sli: b
    pass: [{criteria: ["<=10"]}]
    warning: [{criteria: ["<=20"]}]
  - sli: c
    weight: 2
    pass: [{criteria: ["<=10"]}]
total_score: {pass: "90%", warning: "75%"}
`);
    const e = evaluateSlo(d, [ok('a', 5), ok('b', 15), ok('c', 1)]);
    expect(e.indicators.map(i => [i.metric, i.status, i.score])).toEqual([
      ['a', 'pass', 1],
      ['b', 'warning', 0.5],
      ['c', 'pass', 2],
    ]);
    expect(e.score).toBe(87.5);
    expect(e.result).toBe('warning');
    expect(e.keySliFailed).toBe(false);
  });

  it('reports every target with its value and whether it was violated', () => {
    const e = evaluateSlo(
      keptnSample,
      [
        ok('response_time_p95', 700),
        ok('throughput', 40),
        ok('error_rate', 0.5),
      ],
      [earlier('pass', { response_time_p95: 500 })],
    );
    const [rt] = e.indicators;
    expect(rt).toEqual({
      metric: 'response_time_p95',
      displayName: 'Response time P95',
      value: 700,
      comparedValue: 500,
      status: 'warning',
      score: 0.5,
      keySli: false,
      weight: 1,
      passTargets: [
        { criteria: '<=+10%', targetValue: 550, violated: true },
        { criteria: '<600', targetValue: 600, violated: true },
      ],
      warningTargets: [
        { criteria: '<=800', targetValue: 800, violated: false },
      ],
    });
  });

  it('ANDs the criteria of a set and ORs the sets', () => {
    const d = keptn(`objectives:
  - sli: a
    pass:
      - criteria: ["<=10", ">=5"]
      - criteria: ["=100"]
total_score: {pass: "90%"}
`);
    const status = (v: number) =>
      evaluateSlo(d, [ok('a', v)]).indicators[0].status;
    expect(status(7)).toBe('pass');
    expect(status(100)).toBe('pass');
    expect(status(3)).toBe('fail');
    expect(status(11)).toBe('fail');
  });

  it('computes relative targets from the baseline: +x, -x, x%, +x%, -x%', () => {
    const d = keptn(`objectives:
  - sli: a
    pass: [{criteria: ["<=+5", ">=-5", "<=10%", "<+20%", ">-50%"]}]
total_score: {pass: "90%"}
`);
    const [a] = evaluateSlo(
      d,
      [ok('a', 104)],
      [earlier('pass', { a: 100 })],
    ).indicators;
    expect(
      a.passTargets.map(t => [t.criteria, t.targetValue, t.violated]),
    ).toEqual([
      ['<=+5', 105, false],
      ['>=-5', 95, false],
      ['<=10%', 110, false],
      ['<+20%', 120, false],
      ['>-50%', 50, false],
    ]);
    expect(a.status).toBe('pass');
    const [b] = evaluateSlo(
      d,
      [ok('a', 106)],
      [earlier('pass', { a: 100 })],
    ).indicators;
    expect(b.status).toBe('fail');
    expect(b.passTargets[0].violated).toBe(true);
  });

  describe('without a baseline', () => {
    const rule = `
    pass: [{criteria: ["<=+10%", "<600"]}]
    warning: [{criteria: ["<=800"]}]`;

    it('a Keptn file counts a relative criterion as met', () => {
      const d = keptn(
        `objectives:\n  - sli: a${rule}\ntotal_score: {pass: "90%"}\n`,
      );
      const e = evaluateSlo(d, [ok('a', 500)]);
      expect(e.indicators[0]).toMatchObject({
        status: 'pass',
        comparedValue: null,
        passTargets: [
          { criteria: '<=+10%', targetValue: null, violated: false },
          { criteria: '<600', targetValue: 600, violated: false },
        ],
      });
      expect(e.indicators[0].message).toBeUndefined();
      expect(e.result).toBe('pass');
    });

    it('our format makes the objective at best a warning, and says why', () => {
      const d = ours(
        `  totalScore: {pass: 90, warning: 40}\n  objectives:\n    - name: a${rule.replace(
          /\n {4}/g,
          '\n      ',
        )}\n`,
      );
      const e = evaluateSlo(d, [ok('a', 500)]);
      expect(e.indicators[0]).toMatchObject({
        status: 'warning',
        score: 0.5,
        message:
          'no baseline to compare with: pass needs one, so the objective is at best a warning',
      });
      expect(e.result).toBe('warning');
      // A fixed criterion it misses still fails it to warning or worse.
      expect(evaluateSlo(d, [ok('a', 900)]).indicators[0].status).toBe('fail');
    });

    it('our format with noBaseline: pass follows Keptn', () => {
      const d = ours(
        `  noBaseline: pass\n  totalScore: {pass: 90}\n  objectives:\n    - name: a${rule.replace(
          /\n {4}/g,
          '\n      ',
        )}\n`,
      );
      expect(evaluateSlo(d, [ok('a', 500)]).indicators[0].status).toBe('pass');
    });

    it('our format passes on a set that needs no baseline', () => {
      const d = ours(`  totalScore: {pass: 90}
  objectives:
    - name: a
      pass:
        - criteria: ["<=+10%"]
        - criteria: ["<600"]
`);
      expect(evaluateSlo(d, [ok('a', 500)]).indicators[0].status).toBe('pass');
    });

    it('our format passes once there is a baseline', () => {
      const d = ours(
        `  totalScore: {pass: 90}\n  objectives:\n    - name: a${rule.replace(
          /\n {4}/g,
          '\n      ',
        )}\n`,
      );
      const e = evaluateSlo(d, [ok('a', 500)], [earlier('pass', { a: 480 })]);
      expect(e.indicators[0]).toMatchObject({
        status: 'pass',
        comparedValue: 480,
      });
      expect(e.indicators[0].message).toBeUndefined();
    });
  });

  it('the baseline skips earlier values that did not succeed', () => {
    const d =
      keptn(`comparison: {compare_with: several_results, number_of_comparison_results: 3}
objectives:
  - sli: a
    pass: [{criteria: ["<=+0%"]}]
total_score: {pass: "90%"}
`);
    const failed: SloPreviousEvaluation = {
      result: 'fail',
      score: 0,
      indicators: [
        { metric: 'a', value: 1000, success: false, status: 'fail' },
      ],
    };
    const e = evaluateSlo(
      d,
      [ok('a', 10)],
      [earlier('pass', { a: 10 }), failed, earlier('pass', { a: 20 })],
    );
    expect(e.indicators[0].comparedValue).toBe(15);
    expect(e.indicators[0].passTargets[0].targetValue).toBe(15);
  });

  it('an objective without pass criteria is info and does not count', () => {
    const e = evaluateSlo(keptnSample, [
      ok('response_time_p95', 100),
      ok('throughput', 40),
      ok('error_rate', 1.5),
    ]);
    const throughput = e.indicators[1];
    expect(throughput).toMatchObject({ status: 'info', score: 0, value: 40 });
    // 1 (pass) + 1 (warning: half of 2) over 3: throughput's weight is not counted.
    expect(e.score).toBeCloseTo(66.667, 3);
    expect(e.result).toBe('fail');
  });

  it('with no objective to score, the evaluation passes at 100%, as in Keptn', () => {
    const d = keptn('objectives:\n  - sli: a\ntotal_score: {pass: "90%"}\n');
    expect(evaluateSlo(d, [])).toMatchObject({
      score: 100,
      result: 'pass',
      keySliFailed: false,
    });
  });

  it('a missing value or success: false fails the objective, with a message', () => {
    const d = keptn(`objectives:
  - sli: a
    pass: [{criteria: ["<=10"]}]
  - sli: b
    pass: [{criteria: ["<=10"]}]
  - sli: c
    pass: [{criteria: ["<=10"]}]
total_score: {pass: "90%"}
`);
    const e = evaluateSlo(d, [
      { metric: 'b', value: 1, success: false, message: 'query timed out' },
      { metric: 'c', value: null, success: true },
    ]);
    expect(
      e.indicators.map(i => [i.status, i.score, i.value, i.message]),
    ).toEqual([
      ['fail', 0, null, 'no value received'],
      ['fail', 0, null, 'query timed out'],
      ['fail', 0, null, 'no value received'],
    ]);
    expect(e.indicators[1].passTargets).toEqual([
      { criteria: '<=10', targetValue: 10, violated: true },
    ]);
    expect(e.score).toBe(0);
    expect(e.result).toBe('fail');
  });

  it('a failed key objective fails the evaluation whatever the score', () => {
    const d = keptn(`objectives:
  - sli: a
    weight: 10
    pass: [{criteria: ["<=10"]}]
  - sli: k
    key_sli: true
    pass: [{criteria: ["<=10"]}]
total_score: {pass: "50%", warning: "10%"}
`);
    const failed = evaluateSlo(d, [ok('a', 1), ok('k', 11)]);
    expect(failed.score).toBeCloseTo(90.909, 3);
    expect(failed.keySliFailed).toBe(true);
    expect(failed.result).toBe('fail');
    // A missing key value fails it too.
    expect(evaluateSlo(d, [ok('a', 1)]).keySliFailed).toBe(true);
    const passed = evaluateSlo(d, [ok('a', 1), ok('k', 1)]);
    expect([passed.result, passed.keySliFailed]).toEqual(['pass', false]);
  });

  it('a key objective at warning does not fail the evaluation', () => {
    const e = evaluateSlo(keptnSample, [
      ok('response_time_p95', 100),
      ok('error_rate', 1.5),
    ]);
    expect(e.indicators[2].status).toBe('warning');
    expect(e.keySliFailed).toBe(false);
  });

  it('gives pass at the pass threshold, warning at the warning one, else fail', () => {
    const d = keptn(`objectives:
  - sli: a
    pass: [{criteria: ["<=10"]}]
    warning: [{criteria: ["<=20"]}]
  - sli: b
    pass: [{criteria: ["<=10"]}]
    warning: [{criteria: ["<=20"]}]
total_score: {pass: "100%", warning: "75%"}
`);
    expect(evaluateSlo(d, [ok('a', 1), ok('b', 1)]).result).toBe('pass');
    expect(evaluateSlo(d, [ok('a', 1), ok('b', 15)]).result).toBe('warning');
    expect(evaluateSlo(d, [ok('a', 15), ok('b', 15)]).result).toBe('fail');
    const noWarning = keptn(
      'objectives:\n  - sli: a\n    pass: [{criteria: ["<=10"]}]\n    warning: [{criteria: ["<=20"]}]\ntotal_score: {pass: "90%"}\n',
    );
    // Without a warning threshold, anything below pass fails.
    expect(evaluateSlo(noWarning, [ok('a', 15)]).result).toBe('fail');
  });
});

describe('comparedEvaluations', () => {
  const history: SloPreviousEvaluation[] = [
    earlier('fail', { a: 1 }),
    earlier('warning', { a: 2 }),
    earlier('pass', { a: 3 }),
    earlier('pass', { a: 4 }),
    earlier('warning', { a: 5 }),
    earlier('pass', { a: 6 }),
  ];
  const values = (e: SloPreviousEvaluation[]) =>
    e.map(x => x.indicators[0].value);

  it('keeps the newest one for single_result', () => {
    expect(
      values(
        comparedEvaluations(history, {
          compareWith: 'single_result',
          numberOfComparisonResults: 1,
          includeResultWithScore: 'all',
          aggregateFunction: 'avg',
        }),
      ),
    ).toEqual([1]);
  });

  it('filters by result, then keeps the newest N', () => {
    const several = {
      compareWith: 'several_results' as const,
      numberOfComparisonResults: 3,
      aggregateFunction: 'avg' as const,
    };
    expect(
      values(
        comparedEvaluations(history, {
          ...several,
          includeResultWithScore: 'pass',
        }),
      ),
    ).toEqual([3, 4, 6]);
    expect(
      values(
        comparedEvaluations(history, {
          ...several,
          includeResultWithScore: 'pass_or_warn',
        }),
      ),
    ).toEqual([2, 3, 4]);
    expect(
      values(
        comparedEvaluations(history, {
          ...several,
          includeResultWithScore: 'all',
        }),
      ),
    ).toEqual([1, 2, 3]);
  });

  it('drives the baseline of an evaluation', () => {
    const d = keptn(`comparison:
  compare_with: single_result
  include_result_with_score: pass
objectives:
  - sli: a
    pass: [{criteria: ["<=+0%"]}]
total_score: {pass: "90%"}
`);
    // The newest passing evaluation (3) is the baseline, not the newest (1).
    expect(
      evaluateSlo(d, [ok('a', 3)], history).indicators[0].comparedValue,
    ).toBe(3);
    const failing = keptn(`comparison:
  compare_with: several_results
  number_of_comparison_results: 2
  include_result_with_score: pass_or_warn
  aggregate_function: avg
objectives:
  - sli: a
    pass: [{criteria: ["<=+0%"]}]
total_score: {pass: "90%"}
`);
    expect(
      evaluateSlo(failing, [ok('a', 3)], history).indicators[0].comparedValue,
    ).toBe(2.5);
  });
});

describe('percentile and aggregate', () => {
  it('interpolates at position p(n+1)', () => {
    // n = 4: p50 at position 2.5, between the 2nd (20) and 3rd (30) values.
    expect(percentile([40, 10, 30, 20], 0.5)).toBe(25);
    // n = 9: p90 at position 9 = n, the largest value.
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9], 0.9)).toBe(9);
    // n = 19: p90 at position 18, exactly the 18th value.
    expect(
      percentile(
        Array.from({ length: 19 }, (_, i) => i + 1),
        0.9,
      ),
    ).toBe(18);
    // n = 20: p95 at position 19.95.
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => (i + 1) * 10),
        0.95,
      ),
    ).toBeCloseTo(199.5, 10);
  });

  it('clamps to the smallest and largest value at the ends', () => {
    // n = 1: position 1 for p50 ... any p from 0.5 gives position >= n.
    expect(percentile([7], 0.5)).toBe(7);
    // n = 3: p95 at position 3.8 >= n, the largest.
    expect(percentile([1, 2, 3], 0.95)).toBe(3);
    // n = 3: p10 at position 0.4 < 1, the smallest.
    expect(percentile([1, 2, 3], 0.1)).toBe(1);
    expect(percentile([], 0.5)).toBe(0);
  });

  it('aggregates by avg, p50, p90 and p95', () => {
    const v = [10, 20, 30, 100];
    expect(aggregate(v, 'avg')).toBe(40);
    expect(aggregate(v, 'p50')).toBe(25);
    // p90 at position 4.5 >= 4: the largest.
    expect(aggregate(v, 'p90')).toBe(100);
    expect(aggregate(v, 'p95')).toBe(100);
  });

  it('uses the aggregate function of the comparison for the baseline', () => {
    const d = keptn(`comparison:
  compare_with: several_results
  number_of_comparison_results: 4
  aggregate_function: p50
objectives:
  - sli: a
    pass: [{criteria: ["<=+10%"]}]
total_score: {pass: "90%"}
`);
    const history = [10, 40, 20, 30].map(a => earlier('pass', { a }));
    const [a] = evaluateSlo(d, [ok('a', 27.5)], history).indicators;
    expect(a.comparedValue).toBe(25);
    expect(a.passTargets[0].targetValue).toBe(27.5);
    expect(a.status).toBe('pass');
  });
});
