import {
  InvalidRiskLabelError,
  parseLabeledLabelStrings,
  type LabeledChangeLabels,
} from '@releases-for-backstage/plugin-releases-common';
import type { ScmLabelReader } from './ScmLabelReader';

/** The SCM's word on a change: its request and the risk labels on it. */
export interface ScmLabels {
  /** `#12`, the request's title and its web page. */
  change: { id: string; title: string; url: string };
  /** Risk labels of the request, with source `scm`. */
  labels: LabeledChangeLabels;
  /**
   * Risk labels the model refuses (`change:XXL`, `ft-coverage:140`, or one
   * label with two values, `change:S` and `change:L`), as written on the
   * request. They are left out, not thrown: a typo on a pull request must
   * not stop its release, and the unknown label counts as unknown.
   */
  ignored: string[];
}

/**
 * Reads the risk labels of the request that brought `sha` in; null when
 * there is none. Labels that are not risk labels (`bug`) are skipped;
 * refused risk labels are named in `ignored`. Errors of the reader (an
 * ScmApiError) are thrown.
 */
export async function readScmLabels(
  reader: ScmLabelReader,
  repoUrl: string,
  sha: string,
): Promise<ScmLabels | null> {
  const request = await reader.findChangeRequest(repoUrl, sha);
  if (!request) return null;
  const ignored: string[] = [];
  // One at a time, so that one bad label leaves the others standing.
  const valid: Array<{ label: string; name: string; value: unknown }> = [];
  for (const label of request.labels) {
    let parsed: LabeledChangeLabels;
    try {
      parsed = parseLabeledLabelStrings([label], 'scm');
    } catch (error) {
      if (error instanceof InvalidRiskLabelError) {
        ignored.push(label);
        continue;
      }
      throw error;
    }
    for (const [name, entry] of Object.entries(parsed)) {
      valid.push({ label, name, value: entry?.value });
    }
  }
  // One label with two values says nothing: both are left out.
  const conflicting = new Set(
    valid
      .filter(a => valid.some(b => b.name === a.name && b.value !== a.value))
      .map(a => a.name),
  );
  const kept: string[] = [];
  for (const v of valid) {
    if (conflicting.has(v.name)) ignored.push(v.label);
    else kept.push(v.label);
  }
  return {
    change: {
      id: `#${request.number}`,
      title: request.title,
      url: request.url,
    },
    labels: parseLabeledLabelStrings(kept, 'scm'),
    ignored,
  };
}
