import {
  RISK_LABEL_NAMES,
  type LabelSource,
  type LabeledChangeLabels,
} from '@releases-for-backstage/plugin-releases-common';

/**
 * Which source wins when several report a label: what a pipeline measured
 * beats what people put on the pull request, which beats what Git shows.
 */
export const LABEL_SOURCE_PRECEDENCE: readonly LabelSource[] = [
  'pipeline',
  'scm',
  'git',
];

/**
 * Merges layers of labeled risk labels, per label: the value whose source
 * comes first in LABEL_SOURCE_PRECEDENCE wins, whatever the order of the
 * layers; between two of the same source, the earlier layer. Each value
 * keeps its source. A label no layer has stays absent (unknown).
 */
export function mergeLabelSources(
  ...layers: Array<LabeledChangeLabels | undefined | null>
): LabeledChangeLabels {
  const result: Record<string, unknown> = {};
  const rank = (source: LabelSource) => {
    const i = LABEL_SOURCE_PRECEDENCE.indexOf(source);
    return i < 0 ? LABEL_SOURCE_PRECEDENCE.length : i;
  };
  for (const name of RISK_LABEL_NAMES) {
    let best: { value: unknown; source: LabelSource } | undefined;
    for (const layer of layers) {
      const entry = layer?.[name];
      if (entry === undefined) continue;
      if (best === undefined || rank(entry.source) < rank(best.source)) {
        best = entry;
      }
    }
    if (best !== undefined) {
      result[name] = { value: best.value, source: best.source };
    }
  }
  return result as LabeledChangeLabels;
}
