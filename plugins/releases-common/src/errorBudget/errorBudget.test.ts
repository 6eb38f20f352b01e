import { computeErrorBudget } from './errorBudget';

describe('computeErrorBudget', () => {
  it('gives the remaining fraction and minutes of full outage', () => {
    // 99.9 % over 30 days: 0.001 × 43200 min = 43.2 min of budget;
    // 0.0004 observed uses 40 % of it, 25.92 min remain.
    const budget = computeErrorBudget({
      target: 0.999,
      windowDays: 30,
      errorRatio: 0.0004,
    });
    expect(budget.status).toBe('value');
    if (budget.status !== 'value') throw new Error('unreachable');
    expect(budget.allowedErrorRatio).toBeCloseTo(0.001, 12);
    expect(budget.remainingFraction).toBeCloseTo(0.6, 12);
    expect(budget.budgetMinutes).toBeCloseTo(43.2, 9);
    expect(budget.remainingMinutes).toBeCloseTo(25.92, 9);
  });

  it('goes below zero when the budget is overspent (28 days)', () => {
    // 99 % over 28 days: 0.01 × 40320 min = 403.2 min; 2 % errors spend it twice.
    const budget = computeErrorBudget({
      target: 0.99,
      windowDays: 28,
      errorRatio: 0.02,
    });
    if (budget.status !== 'value') throw new Error('expected a value');
    expect(budget.remainingFraction).toBeCloseTo(-1, 12);
    expect(budget.budgetMinutes).toBeCloseTo(403.2, 9);
    expect(budget.remainingMinutes).toBeCloseTo(-403.2, 9);
  });

  it('an untouched budget is whole', () => {
    const budget = computeErrorBudget({
      target: 0.95,
      windowDays: 30,
      errorRatio: 0,
    });
    if (budget.status !== 'value') throw new Error('expected a value');
    expect(budget.remainingFraction).toBe(1);
    expect(budget.remainingMinutes).toBeCloseTo(2160, 9);
  });

  it('is no-data without an error ratio, never a full budget', () => {
    const budget = computeErrorBudget({
      target: 0.999,
      windowDays: 30,
      errorRatio: null,
    });
    expect(budget).toMatchObject({
      status: 'no-data',
      message: 'no error ratio over the 30-day window',
    });
    expect(budget).not.toHaveProperty('remainingFraction');
  });

  it('rejects a target given in percent, a bad window and a bad ratio', () => {
    expect(() =>
      computeErrorBudget({ target: 99.9, windowDays: 30, errorRatio: 0 }),
    ).toThrow(
      'target must be a fraction between 0 and 1 (exclusive), got 99.9',
    );
    expect(() =>
      computeErrorBudget({ target: 1, windowDays: 30, errorRatio: 0 }),
    ).toThrow('got 1');
    expect(() =>
      computeErrorBudget({ target: 0.99, windowDays: 0, errorRatio: 0 }),
    ).toThrow('windowDays must be a positive number of days, got 0');
    expect(() =>
      computeErrorBudget({ target: 0.99, windowDays: 30, errorRatio: 1.5 }),
    ).toThrow('errorRatio must be between 0 and 1, got 1.5');
  });
});
