/*
 * Shapes of the quality API: stored SLO evaluations of an entity in an
 * environment, the stability score of a release, and the release picker
 * of a product.
 *
 *   GET  /slo/evaluations?entityRef&environment[&version][&limit]  SloEvaluationsResponse
 *   POST /slo/evaluations { entityRef, environment }                201 SloEvaluationRecord
 *   GET  /stability?entityRef&environment[&version]                 StabilityResponse
 *   GET  /products/picker?system[&environment]                      ReleasePickerResponse
 */
import type { ReleaseChannel } from '../api';
import type { Bump, ChangelogEntry } from '../types';

/** How a value reached the evaluation: read, or why not. */
export type SloOutcome = 'value' | 'no-data' | 'source-down';

/** One criterion of an objective and whether the value met it. */
export interface StoredSloTarget {
  /** As written: `<=300`, `<=+10%`. */
  criteria: string;
  /** The number it compared with (for relative criteria, from the baseline); null without a baseline. */
  targetValue: number | null;
  violated: boolean;
}

/** One indicator of an evaluation, with the baseline it was compared with. */
export interface StoredSloIndicator {
  metric: string;
  displayName?: string;
  /** null when there was no value (no data, source down). */
  value: number | null;
  /** The baseline from earlier evaluations; null without one. */
  comparedValue: number | null;
  status: 'pass' | 'warning' | 'fail' | 'info';
  /** Points scored: the weight for pass, half for warning, 0 for fail. */
  score: number;
  keySli: boolean;
  weight: number;
  passTargets: StoredSloTarget[];
  warningTargets: StoredSloTarget[];
  message?: string;
  /** Where the value came from, when a metrics source read it. */
  outcome?: SloOutcome;
  /** The resolved query and the raw value as the source returned them. */
  query?: string;
  raw?: string;
}

/** A stored evaluation of one entity's SLOs in one environment. */
export interface SloEvaluationRecord {
  id: string;
  entityRef: string;
  environment: string;
  /** The version that ran there (a tag or `WIP`), or null when unknown. */
  version: string | null;
  /** The window the values are over (ISO 8601). */
  windowStart: string;
  windowEnd: string;
  evaluatedAt: string;
  /** The metrics source that read the values (`prometheus`, `results`). */
  source: string;
  /** `no-data` when no objective had a value: shown as such, never as a score. */
  result: 'pass' | 'warning' | 'fail' | 'no-data';
  /** Percent; null for `no-data`. */
  score: number | null;
  keySliFailed: boolean;
  indicators: StoredSloIndicator[];
}

/** The objectives an entity declares, for charts. */
export interface SloObjectiveSummary {
  metric: string;
  displayName?: string;
  /** The fixed pass threshold to draw, when the pass criteria have one (`<=300` gives 300). */
  threshold?: number;
  /** Target over the window, for error budgets (`0.999`). */
  target?: number;
  keySli: boolean;
  weight: number;
}

/** Links to the entity's dashboards, from its annotations. */
export interface ObservabilityLinks {
  grafana?: string;
  traces?: string;
  logs?: string;
}

/** Error budget and burn-rate alert state of one objective with a target. */
export interface SloBudget {
  metric: string;
  target: number;
  /** Remaining share of the budget over the window (may be negative); null without data. */
  remaining: number | null;
  state: 'ok' | 'ticket' | 'page' | 'no-data' | 'source-down';
}

/** `GET /slo/evaluations` */
export interface SloEvaluationsResponse {
  entityRef: string;
  environment: string;
  /** Where the SLOs are declared (`releases-for-backstage.io/slo-file`), or null when none. */
  definition: {
    file: string;
    format: 'keptn' | 'releases';
    objectives: SloObjectiveSummary[];
    totalScore: { pass: number; warning: number };
  } | null;
  /** Newest first. */
  evaluations: SloEvaluationRecord[];
  budgets: SloBudget[];
  links: ObservabilityLinks;
}

/** `GET /stability`: the stability score of a release where it soaks. */
export interface StabilityResponse {
  entityRef: string;
  environment: string;
  /** The version judged (by default what runs there now). */
  version: string | null;
  /** When it started running there; null when it never ran there. */
  since: string | null;
  score: number | null;
  passed: boolean;
  channel: ReleaseChannel | null;
  /** 0-1 of the soak time. */
  soaked: number;
  intervals: { due: number; measured: number; failed: number };
  parts: { evaluations: number | null; results: number | null };
  reasons: string[];
}

/** One product release as the picker ranks it. */
export interface ReleasePickerEntry {
  version: string;
  tag: string;
  date: string;
  /** The lowest stability score of its components in the soak environment; null when not all were measured. */
  score: number | null;
  passed: boolean;
  channel: ReleaseChannel | null;
  /** The risk of its components' changes over what prod runs (highest). */
  risk: 'low' | 'medium' | 'high' | null;
  /** The shortest soaked share among its components (0-1). */
  soaked: number;
  /** Per component: its version, bump and stability. */
  components: Array<{
    component: string;
    entityRef: string;
    version: string;
    bump: Bump | null;
    score: number | null;
    channel: ReleaseChannel | null;
    /** False for a component that declares no SLOs: stability does not judge it. */
    judged: boolean;
  }>;
  /** Features and fixes it adds over what prod runs, grouped by component. */
  adds: Array<{ component: string; entries: ChangelogEntry[] }>;
  /** Why it is or is not offered for prod. */
  reasons: string[];
}

/** `GET /products/picker` */
export interface ReleasePickerResponse {
  system: string;
  /** Where stability was measured (staging by default). */
  environment: string;
  /** What prod runs now as a product version, or null (mixed or nothing). */
  prod: { version: string; tag: string } | null;
  /** Best first: passing before not, then by score, then newest. */
  releases: ReleasePickerEntry[];
}
