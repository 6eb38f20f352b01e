/*
 * Error budgets of an objective over its window: how much of the allowed
 * unreliability (1 - target) the observed error ratio used up. Pure.
 */

/** The SLO windows this module knows burn-rate rules for. */
export type ErrorBudgetWindowDays = 28 | 30;

const MINUTES_PER_DAY = 24 * 60;

/** Input of {@link computeErrorBudget}. */
export interface ErrorBudgetInput {
  /** The objective as a fraction, e.g. 0.999 for 99.9 %. */
  target: number;
  /** Length of the SLO window in days. */
  windowDays: number;
  /**
   * Bad events over all events in the window (0..1); `null` or `undefined`
   * when the source had no data.
   */
  errorRatio: number | null | undefined;
}

/** The budget of an objective, or why there is none. */
export type ErrorBudget =
  | {
      status: 'value';
      target: number;
      windowDays: number;
      /** 1 - target. */
      allowedErrorRatio: number;
      observedErrorRatio: number;
      /** 1 - observed / allowed: 1 is untouched, 0 spent, below 0 overspent. */
      remainingFraction: number;
      /** The whole budget as minutes of full outage over the window. */
      budgetMinutes: number;
      /** Minutes of full outage still allowed (negative when overspent). */
      remainingMinutes: number;
    }
  | {
      status: 'no-data';
      target: number;
      windowDays: number;
      allowedErrorRatio: number;
      budgetMinutes: number;
      message: string;
    };

/** Throws a RangeError naming the field unless `target` and `windowDays` make sense. */
export function assertErrorBudgetObjective(
  target: number,
  windowDays: number,
): void {
  if (!Number.isFinite(target) || target <= 0 || target >= 1) {
    throw new RangeError(
      `target must be a fraction between 0 and 1 (exclusive), got ${target}`,
    );
  }
  if (!Number.isFinite(windowDays) || windowDays <= 0) {
    throw new RangeError(
      `windowDays must be a positive number of days, got ${windowDays}`,
    );
  }
}

/**
 * Remaining error budget = 1 - observed error ratio / (1 - target), as a
 * fraction and in minutes of full outage over the window.
 */
export function computeErrorBudget(input: ErrorBudgetInput): ErrorBudget {
  const { target, windowDays, errorRatio } = input;
  assertErrorBudgetObjective(target, windowDays);
  const allowedErrorRatio = 1 - target;
  const budgetMinutes = allowedErrorRatio * windowDays * MINUTES_PER_DAY;
  if (errorRatio === null || errorRatio === undefined) {
    return {
      status: 'no-data',
      target,
      windowDays,
      allowedErrorRatio,
      budgetMinutes,
      message: `no error ratio over the ${windowDays}-day window`,
    };
  }
  if (!Number.isFinite(errorRatio) || errorRatio < 0 || errorRatio > 1) {
    throw new RangeError(
      `errorRatio must be between 0 and 1, got ${errorRatio}`,
    );
  }
  const remainingFraction = 1 - errorRatio / allowedErrorRatio;
  return {
    status: 'value',
    target,
    windowDays,
    allowedErrorRatio,
    observedErrorRatio: errorRatio,
    remainingFraction,
    budgetMinutes,
    remainingMinutes: remainingFraction * budgetMinutes,
  };
}
