import type {
  SloEvaluationRecord,
  StoredSloIndicator,
} from '@releases-for-backstage/plugin-releases-common';

/** Why an evaluation has no value for an indicator, in words. */
export type SloGap = 'no data' | 'source down';

/** One point of an objective's chart: an evaluation, oldest first. */
export interface SloChartPoint {
  /** The end of the evaluated window: when the value was measured. */
  at: string;
  version: string | null;
  /** null for a gap: never drawn as 0. */
  value: number | null;
  baseline: number | null;
  status: StoredSloIndicator['status'] | null;
  gap?: SloGap;
}

/** Whether an indicator had no value, and why (`no data` when the objective was not in the evaluation). */
export function gapOf(
  indicator: StoredSloIndicator | undefined,
): SloGap | undefined {
  if (!indicator) return 'no data';
  if (indicator.outcome === 'source-down') return 'source down';
  if (indicator.outcome === 'no-data' || indicator.value === null) {
    return 'no data';
  }
  return undefined;
}

/**
 * The points of one objective over stored evaluations (given newest
 * first, as the API sends them): oldest first, a gap where the value was
 * missing or its source was down.
 */
export function sloChartPoints(
  metric: string,
  evaluations: readonly SloEvaluationRecord[],
): SloChartPoint[] {
  return [...evaluations]
    .sort((a, b) => Date.parse(a.windowEnd) - Date.parse(b.windowEnd))
    .map(evaluation => {
      const indicator = evaluation.indicators.find(i => i.metric === metric);
      const gap = gapOf(indicator);
      const point: SloChartPoint = {
        at: evaluation.windowEnd,
        version: evaluation.version,
        value: gap ? null : indicator!.value,
        baseline: indicator?.comparedValue ?? null,
        status: gap ? null : indicator!.status,
      };
      if (gap) point.gap = gap;
      return point;
    });
}
