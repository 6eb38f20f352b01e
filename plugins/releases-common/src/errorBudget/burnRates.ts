/*
 * Multi-window, multi-burn-rate alerts from the Google SRE workbook
 * ("Alerting on SLOs", table 5-8). Pure: the caller measures the error
 * ratios, this decides what they mean.
 */
import { assertErrorBudgetObjective } from './errorBudget';

/** What a burn-rate rule asks for when it fires. */
export type BurnRateSeverity = 'page' | 'ticket';

/** Overall alert state of an objective. */
export type BurnRateAlertState = 'ok' | 'ticket' | 'page' | 'no-data';

/** One rule: both windows must burn faster than `factor`. */
export interface BurnRateRule {
  severity: BurnRateSeverity;
  /** PromQL-style duration of the long window, e.g. `1h`. */
  longWindow: string;
  /** PromQL-style duration of the short window, e.g. `5m`. */
  shortWindow: string;
  /** Fraction of the whole budget that burning at `factor` spends in the long window. */
  budgetConsumed: number;
  /** Burn-rate threshold. */
  factor: number;
}

const WINDOW_HOURS: Record<string, number> = {
  '1h': 1,
  '6h': 6,
  '1d': 24,
  '3d': 72,
};

// The workbook's rules for a 30-day window: 2 % of the budget in 1h, 5 % in
// 6h, 10 % in 1d and 10 % in 3d. Its factors (14.4, 6, 3, 1) are
// budgetConsumed × window length / long window.
const WORKBOOK_RULES: ReadonlyArray<Omit<BurnRateRule, 'factor'>> = [
  {
    severity: 'page',
    longWindow: '1h',
    shortWindow: '5m',
    budgetConsumed: 0.02,
  },
  {
    severity: 'page',
    longWindow: '6h',
    shortWindow: '30m',
    budgetConsumed: 0.05,
  },
  {
    severity: 'ticket',
    longWindow: '1d',
    shortWindow: '2h',
    budgetConsumed: 0.1,
  },
  {
    severity: 'ticket',
    longWindow: '3d',
    shortWindow: '6h',
    budgetConsumed: 0.1,
  },
];

/**
 * The workbook's four rules for an SLO window of `windowDays`. For 30 days
 * the factors are exactly 14.4, 6, 3 and 1. For other windows the alert
 * windows and the budget fractions stay and the factors scale with the
 * window length (28 days: 13.44, 5.6, 2.8, 0.933…), so each rule still fires
 * when the same share of the budget is gone.
 */
export function burnRateRules(windowDays: number): BurnRateRule[] {
  if (!Number.isFinite(windowDays) || windowDays <= 0) {
    throw new RangeError(
      `windowDays must be a positive number of days, got ${windowDays}`,
    );
  }
  const windowHours = windowDays * 24;
  return WORKBOOK_RULES.map(rule => ({
    ...rule,
    // Rounded so 30 days gives the workbook's 14.4, not 14.400000000000002.
    factor:
      Math.round(
        ((rule.budgetConsumed * windowHours) / WINDOW_HOURS[rule.longWindow]) *
          1e9,
      ) / 1e9,
  }));
}

/** Every window the rules need, shortest first, each once. */
export function burnRateWindows(rules: BurnRateRule[]): string[] {
  const windows = new Set<string>();
  for (const rule of rules) {
    windows.add(rule.longWindow);
    windows.add(rule.shortWindow);
  }
  return [...windows].sort(
    (a, b) => parseWindowSeconds(a) - parseWindowSeconds(b),
  );
}

/** Seconds of a PromQL-style duration such as `5m`, `1h`, `3d` or `30d`. */
export function parseWindowSeconds(duration: string): number {
  const match = /^(\d+)(s|m|h|d|w)$/.exec(duration);
  if (!match) {
    throw new RangeError(`'${duration}' is not a duration like 5m, 1h or 3d`);
  }
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[
    match[2] as 's' | 'm' | 'h' | 'd' | 'w'
  ];
  return Number(match[1]) * unit;
}

/** A window's measured error ratio and burn rate (`null` without data). */
export interface BurnRateWindow {
  window: string;
  errorRatio: number | null;
  burnRate: number | null;
}

/** A rule's verdict. */
export interface BurnRateRuleResult extends BurnRateRule {
  long: BurnRateWindow;
  short: BurnRateWindow;
  /** `no-data` when either window has no error ratio: such a rule never counts as ok. */
  status: 'fires' | 'ok' | 'no-data';
  fires: boolean;
}

/** Input of {@link evaluateBurnRates}. */
export interface BurnRateInput {
  /** The objective as a fraction, e.g. 0.999. */
  target: number;
  /** The SLO window in days (28 or 30 usually). */
  windowDays: number;
  /** Error ratio (bad / all, 0..1) per window, e.g. `{ '5m': 0.002, '1h': 0.001 }`. */
  errorRatios: Record<string, number | null | undefined>;
  /** Rules to apply; default {@link burnRateRules}(windowDays). */
  rules?: BurnRateRule[];
}

/** Every rule's verdict and the overall state. */
export interface BurnRateEvaluation {
  target: number;
  windowDays: number;
  state: BurnRateAlertState;
  rules: BurnRateRuleResult[];
}

/**
 * Burn rate = error ratio over a window / (1 - target). A rule fires when
 * both its windows burn faster than its factor. The state is `page` when a
 * page rule fires; otherwise `no-data` when a page rule lacks data (a page
 * cannot be ruled out); otherwise `ticket` when a ticket rule fires;
 * otherwise `no-data` when any rule lacks data; otherwise `ok`.
 */
export function evaluateBurnRates(input: BurnRateInput): BurnRateEvaluation {
  const { target, windowDays, errorRatios } = input;
  assertErrorBudgetObjective(target, windowDays);
  const allowed = 1 - target;
  const rules = input.rules ?? burnRateRules(windowDays);

  const measure = (window: string): BurnRateWindow => {
    const ratio = errorRatios[window];
    if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
      return { window, errorRatio: null, burnRate: null };
    }
    if (ratio < 0 || ratio > 1) {
      throw new RangeError(
        `error ratio of window ${window} must be between 0 and 1, got ${ratio}`,
      );
    }
    return { window, errorRatio: ratio, burnRate: ratio / allowed };
  };

  const results = rules.map((rule): BurnRateRuleResult => {
    const long = measure(rule.longWindow);
    const short = measure(rule.shortWindow);
    if (long.burnRate === null || short.burnRate === null) {
      return { ...rule, long, short, status: 'no-data', fires: false };
    }
    const fires = long.burnRate > rule.factor && short.burnRate > rule.factor;
    return { ...rule, long, short, status: fires ? 'fires' : 'ok', fires };
  });

  const any = (
    severity: BurnRateSeverity,
    status: BurnRateRuleResult['status'],
  ) => results.some(r => r.severity === severity && r.status === status);
  let state: BurnRateAlertState = 'ok';
  if (any('page', 'fires')) state = 'page';
  else if (any('page', 'no-data')) state = 'no-data';
  else if (any('ticket', 'fires')) state = 'ticket';
  else if (results.some(r => r.status === 'no-data')) state = 'no-data';

  return { target, windowDays, state, rules: results };
}
