/*
 * Criteria strings such as `<=300`, `<=+10%` or `>-5`, with Keptn's
 * meaning: a sign or a `%` makes the criterion relative to the baseline, a
 * bare number is a fixed threshold. Parsing is stricter than Keptn's own
 * (which lets `=>5` through and fails it at evaluation): a file is checked
 * once, when it is read.
 */
import type { SloCriterion, SloOperator } from './types';

// Longest operators first, so `<=` is not read as `<` followed by `=`.
const CRITERION = /^(<=|>=|<|>|=)([+-])?(\d+(?:\.\d+)?|\.\d+)(%)?$/;

/** The rule every criterion follows, for error messages. */
export const CRITERION_RULE =
  'use <=, <, =, >=, > followed by a number, +x, -x or x%';

/** A criterion string as a criterion; `undefined` when it is not one. */
export function parseCriterion(text: string): SloCriterion | undefined {
  // Keptn removes spaces before reading a criterion: `<= +10 %` is `<=+10%`.
  const m = CRITERION.exec(text.replace(/\s+/g, ''));
  if (!m) return undefined;
  const [, operator, sign, amount, percent] = m;
  return {
    text,
    operator: operator as SloOperator,
    amount: Number(amount),
    relative: sign !== undefined || percent !== undefined,
    percent: percent !== undefined,
    increase: sign !== '-',
  };
}

/** The threshold a criterion compares with, given the baseline when it is relative. */
export function targetValueOf(
  criterion: SloCriterion,
  baseline: number,
): number {
  if (!criterion.relative) return criterion.amount;
  const delta = criterion.increase ? criterion.amount : -criterion.amount;
  return criterion.percent
    ? (baseline * (100 + delta)) / 100
    : baseline + delta;
}

/** Whether a measured value meets a threshold under an operator. */
export function compare(
  value: number,
  operator: SloOperator,
  threshold: number,
): boolean {
  switch (operator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '=':
      return value === threshold;
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    default:
      return false;
  }
}
