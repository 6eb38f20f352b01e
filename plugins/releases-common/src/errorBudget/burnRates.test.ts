import {
  burnRateRules,
  burnRateWindows,
  evaluateBurnRates,
  parseWindowSeconds,
} from './burnRates';

const quiet = {
  '5m': 0.0005,
  '30m': 0.0005,
  '1h': 0.0005,
  '2h': 0.0005,
  '6h': 0.0005,
  '1d': 0.0005,
  '3d': 0.0005,
};

describe('burnRateRules', () => {
  it('has the workbook factors for 30 days', () => {
    expect(
      burnRateRules(30).map(r => [
        r.severity,
        r.longWindow,
        r.shortWindow,
        r.factor,
      ]),
    ).toEqual([
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ]);
  });

  it('scales the factors for 28 days, keeping windows and budget shares', () => {
    // 2 % × 672 h / 1 h, 5 % × 672 / 6, 10 % × 672 / 24, 10 % × 672 / 72.
    const rules = burnRateRules(28);
    expect(rules.map(r => r.factor)).toEqual([13.44, 5.6, 2.8, 0.933333333]);
    expect(rules.map(r => r.longWindow)).toEqual(['1h', '6h', '1d', '3d']);
  });

  it('lists each needed window once, shortest first', () => {
    expect(burnRateWindows(burnRateRules(30))).toEqual([
      '5m',
      '30m',
      '1h',
      '2h',
      '6h',
      '1d',
      '3d',
    ]);
  });

  it('rejects a bad window', () => {
    expect(() => burnRateRules(-1)).toThrow(
      'windowDays must be a positive number of days, got -1',
    );
    expect(() => parseWindowSeconds('1 hour')).toThrow(
      "'1 hour' is not a duration like 5m, 1h or 3d",
    );
    expect(parseWindowSeconds('3d')).toBe(259200);
  });
});

describe('evaluateBurnRates', () => {
  it('is ok when every window burns slowly, with each burn rate', () => {
    const result = evaluateBurnRates({
      target: 0.999,
      windowDays: 30,
      errorRatios: quiet,
    });
    expect(result.state).toBe('ok');
    expect(result.rules.map(r => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    // 0.0005 / 0.001
    expect(result.rules[0].long).toEqual({
      window: '1h',
      errorRatio: 0.0005,
      burnRate: expect.closeTo(0.5, 9),
    });
  });

  it('pages when 1h and 5m both burn above 14.4', () => {
    const result = evaluateBurnRates({
      target: 0.999,
      windowDays: 30,
      errorRatios: { ...quiet, '1h': 0.015, '5m': 0.02 },
    });
    expect(result.state).toBe('page');
    expect(result.rules[0]).toMatchObject({
      status: 'fires',
      fires: true,
      long: { window: '1h', burnRate: expect.closeTo(15, 9) },
      short: { window: '5m', burnRate: expect.closeTo(20, 9) },
    });
    expect(result.rules.slice(1).map(r => r.fires)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('does not page once the short window recovered', () => {
    const result = evaluateBurnRates({
      target: 0.999,
      windowDays: 30,
      errorRatios: { ...quiet, '1h': 0.015, '5m': 0.01 },
    });
    expect(result.rules[0].status).toBe('ok');
    expect(result.state).toBe('ok');
  });

  it('pages on 6h and 30m above 6', () => {
    const result = evaluateBurnRates({
      target: 0.999,
      windowDays: 30,
      errorRatios: { ...quiet, '6h': 0.007, '30m': 0.008 },
    });
    expect(result.rules[1].status).toBe('fires');
    expect(result.state).toBe('page');
  });

  it('opens a ticket on 1d and 2h above 3', () => {
    const result = evaluateBurnRates({
      target: 0.999,
      windowDays: 30,
      errorRatios: { ...quiet, '1d': 0.0035, '2h': 0.004 },
    });
    expect(result.rules.map(r => r.status)).toEqual([
      'ok',
      'ok',
      'fires',
      'ok',
    ]);
    expect(result.state).toBe('ticket');
  });

  it('opens a ticket on 3d and 6h above 1, but not at exactly 1', () => {
    const above = evaluateBurnRates({
      target: 0.5,
      windowDays: 30,
      errorRatios: { ...quiet, '3d': 0.6, '6h': 0.55 },
    });
    expect(above.rules[3].status).toBe('fires');
    expect(above.state).toBe('ticket');
    // 0.5 / (1 - 0.5) is exactly 1: not above the factor.
    const at = evaluateBurnRates({
      target: 0.5,
      windowDays: 30,
      errorRatios: { ...quiet, '3d': 0.5, '6h': 0.55 },
    });
    expect(at.rules[3].status).toBe('ok');
    expect(at.state).toBe('ok');
  });

  it('uses the 28-day factors', () => {
    // 1h burn 14 is below 30 days' 14.4 but above 28 days' 13.44.
    const errorRatios = { ...quiet, '1h': 0.014, '5m': 0.014 };
    expect(
      evaluateBurnRates({ target: 0.999, windowDays: 30, errorRatios }).state,
    ).toBe('ok');
    expect(
      evaluateBurnRates({ target: 0.999, windowDays: 28, errorRatios }).state,
    ).toBe('page');
  });

  it('a window without data makes its rule no-data, never ok', () => {
    const { '3d': _missing, ...rest } = quiet;
    const result = evaluateBurnRates({
      target: 0.999,
      windowDays: 30,
      errorRatios: { ...rest, '6h': null },
    });
    // 6h feeds rule 2 (page) and rule 4 (ticket).
    expect(result.rules.map(r => r.status)).toEqual([
      'ok',
      'no-data',
      'ok',
      'no-data',
    ]);
    expect(result.rules[3].long).toEqual({
      window: '3d',
      errorRatio: null,
      burnRate: null,
    });
    expect(result.state).toBe('no-data');
  });

  it('a page rule without data outranks a firing ticket rule', () => {
    const result = evaluateBurnRates({
      target: 0.999,
      windowDays: 30,
      errorRatios: { ...quiet, '5m': undefined, '1d': 0.0035, '2h': 0.004 },
    });
    expect(result.rules[2].status).toBe('fires');
    expect(result.state).toBe('no-data');
  });

  it('a firing page rule wins over missing data elsewhere', () => {
    const result = evaluateBurnRates({
      target: 0.999,
      windowDays: 30,
      errorRatios: { '1h': 0.02, '5m': 0.02 },
    });
    expect(result.state).toBe('page');
  });

  it('rejects an error ratio outside 0..1 naming the window', () => {
    expect(() =>
      evaluateBurnRates({
        target: 0.999,
        windowDays: 30,
        errorRatios: { ...quiet, '2h': 2 },
      }),
    ).toThrow('error ratio of window 2h must be between 0 and 1, got 2');
  });
});
