import { computeStability, StabilityEvaluation } from './stability';

const SINCE = '2026-12-01T00:00:00Z';
const at = (minutes: number) =>
  new Date(Date.parse(SINCE) + minutes * 60_000).toISOString();
/** Evaluations at minute 10 of each 30-minute interval. */
const every30 = (
  ...intervals: Array<
    [StabilityEvaluation['result'], number] | 'no-data' | null
  >
): StabilityEvaluation[] =>
  intervals.flatMap((e, i) => {
    if (e === null) return [];
    if (e === 'no-data')
      return [{ at: at(i * 30 + 10), result: 'fail', score: 0, noData: true }];
    return [{ at: at(i * 30 + 10), result: e[0], score: e[1] }];
  });
const settings = { soakMinutes: 120, intervalMinutes: 30 };
const passedResults = [
  { kind: 'smoke', status: 'passed' as const, at: at(5) },
  { kind: 'load', status: 'passed' as const, at: at(50) },
];

describe('computeStability', () => {
  it('passes a release whose every interval reached warning and whose last passed', () => {
    const s = computeStability({
      since: SINCE,
      now: at(120),
      evaluations: every30(
        ['pass', 100],
        ['warning', 80],
        ['pass', 100],
        ['pass', 95],
      ),
      results: passedResults,
      settings,
    });
    // evaluations (100 + 80 + 100 + 95) / 4 = 93.75; results 100;
    // 0.7 x 93.75 + 0.3 x 100 = 95.625
    expect(s).toMatchObject({
      score: 95.6,
      passed: true,
      channel: 'stable',
      soaked: 1,
      intervals: { due: 4, measured: 4, failed: 0 },
      parts: { evaluations: 93.8, results: 100 },
    });
    expect(s.reasons[0]).toBe('passed: 95.6 over 120 minutes');
  });

  it('keeps a release with one failed interval from passing and from beta, whatever its average', () => {
    const s = computeStability({
      since: SINCE,
      now: at(120),
      evaluations: every30(
        ['pass', 100],
        ['fail', 40],
        ['pass', 100],
        ['pass', 100],
      ),
      results: [],
      settings: { ...settings, passScore: 80 },
    });
    // (100 + 40 + 100 + 100) / 4 = 85, above the pass score of 80.
    expect(s).toMatchObject({ score: 85, passed: false, channel: 'alpha' });
    expect(s.reasons).toContain('1 interval(s) failed their SLOs');
  });

  it('counts an interval without evaluation or with no data as 0 and failed: never a pass', () => {
    const missing = computeStability({
      since: SINCE,
      now: at(120),
      evaluations: every30(['pass', 100], null, ['pass', 100], ['pass', 100]),
      results: passedResults,
      settings: { ...settings, passScore: 50 },
    });
    // (100 + 0 + 100 + 100) / 4 = 75; 0.7 x 75 + 0.3 x 100 = 82.5
    expect(missing).toMatchObject({
      score: 82.5,
      passed: false,
      channel: 'alpha',
      intervals: { due: 4, measured: 3, failed: 1 },
    });
    expect(missing.reasons).toContain(
      '1 of 4 intervals have no evaluation with data',
    );
    const down = computeStability({
      since: SINCE,
      now: at(120),
      evaluations: every30(
        ['pass', 100],
        ['pass', 100],
        ['pass', 100],
        'no-data',
      ),
      results: [],
      settings: { ...settings, passScore: 50 },
    });
    expect(down).toMatchObject({ score: 75, passed: false, channel: 'alpha' });
    expect(down.reasons).toContain('the last interval is without data');
  });

  it('is beta while soaking with good intervals, and counts only whole intervals', () => {
    const s = computeStability({
      since: SINCE,
      now: at(75),
      evaluations: [
        ...every30(['pass', 100], ['warning', 80]),
        // In the third interval, which is not over yet.
        { at: at(70), result: 'fail', score: 0 },
      ],
      results: [],
      settings,
    });
    expect(s).toMatchObject({
      score: 90,
      passed: false,
      channel: 'beta',
      soaked: 0.625,
      intervals: { due: 2, measured: 2, failed: 0 },
    });
    expect(s.reasons).toContain('soaking: 75 of 120 minutes');
  });

  it('takes the newest evaluation of an interval and the newest result of a kind', () => {
    const s = computeStability({
      since: SINCE,
      now: at(60),
      evaluations: [
        { at: at(5), result: 'fail', score: 10 },
        { at: at(25), result: 'pass', score: 100 },
        { at: at(40), result: 'pass', score: 100 },
      ],
      results: [
        { kind: 'smoke', status: 'failed', at: at(1) },
        { kind: 'smoke', status: 'passed', at: at(30) },
      ],
      settings: { soakMinutes: 60, intervalMinutes: 30 },
    });
    expect(s).toMatchObject({ score: 100, passed: true, channel: 'stable' });
  });

  it('fails a release whose required smoke tests failed, even with perfect SLOs', () => {
    const s = computeStability({
      since: SINCE,
      now: at(120),
      evaluations: every30(
        ['pass', 100],
        ['pass', 100],
        ['pass', 100],
        ['pass', 100],
      ),
      results: [{ kind: 'smoke', status: 'failed', at: at(100) }],
      settings: { ...settings, passScore: 60 },
    });
    // 0.7 x 100 + 0.3 x 0 = 70
    expect(s).toMatchObject({ score: 70, passed: false, channel: 'alpha' });
    expect(s.reasons).toContain('smoke tests failed');
  });

  it('does not pass when the last interval is only a warning', () => {
    const s = computeStability({
      since: SINCE,
      now: at(150),
      evaluations: every30(
        ['pass', 100],
        ['pass', 100],
        ['pass', 100],
        ['warning', 90],
      ),
      results: [],
      settings,
    });
    expect(s).toMatchObject({ score: 97.5, passed: false, channel: 'beta' });
    expect(s.reasons).toContain('the last interval is warning');
  });

  it('has no score and no channel before anything is measured', () => {
    const s = computeStability({
      since: SINCE,
      now: at(200),
      evaluations: [],
      results: [],
      settings,
    });
    expect(s).toMatchObject({
      score: null,
      passed: false,
      channel: null,
      parts: { evaluations: null, results: null },
    });
    expect(s.reasons).toContain('nothing measured yet');
  });

  it('counts an evaluation for the interval its window ends in', () => {
    const s = computeStability({
      since: SINCE,
      now: at(60),
      // Windows ending exactly at the end of each interval.
      evaluations: [
        { at: at(30), result: 'pass', score: 100 },
        { at: at(60), result: 'pass', score: 90 },
      ],
      results: [],
      settings: { soakMinutes: 60, intervalMinutes: 30, passScore: 90 },
    });
    expect(s).toMatchObject({
      score: 95,
      passed: true,
      intervals: { due: 2, measured: 2, failed: 0 },
    });
  });

  it('refuses a window that ends before it starts and intervals of 0', () => {
    expect(() =>
      computeStability({
        since: at(10),
        now: at(0),
        evaluations: [],
        results: [],
      }),
    ).toThrow(/invalid soak window/);
    expect(() =>
      computeStability({
        since: SINCE,
        now: at(10),
        evaluations: [],
        results: [],
        settings: { intervalMinutes: 0 },
      }),
    ).toThrow(/must be positive/);
  });
});
