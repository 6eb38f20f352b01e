/*
 * Shapes of the DORA metrics: the plain records they are computed from and
 * the figures `GET /dora` answers with. docs/dora.md defines every figure.
 */

/** A commit newly included by a deployment, with its author time. */
export interface DoraCommit {
  sha: string;
  /** ISO 8601. */
  at: string;
}

/**
 * One deployment into the environment measured, as recorded: a promotion
 * that ran, or a deployment a pipeline reported without a promotion.
 */
export interface DoraDeploymentRecord {
  /** Unique among the records given. */
  id: string;
  /** The component deployed. */
  entityRef: string;
  /**
   * `promotion`: a promotion that wrote the environment. `report`: a
   * pipeline's report; one of the version already running is a report of
   * that deployment, not a new one.
   */
  source: 'promotion' | 'report';
  /** When it ran in the environment, or when it was found failing (ISO 8601). */
  at: string;
  /** The tag (or `WIP`) deployed. */
  version: string;
  /** What ran before it, when known. */
  previousVersion: string | null;
  /** How it ended: failed and rolled-back are failed deployments. */
  status: 'succeeded' | 'failed' | 'rolled-back';
  /** A rolled-back deployment: when the previous version was back (ISO 8601). */
  restoredAt?: string | null;
  /** A promotion that put an older version back on purpose. */
  rollback: boolean;
  /** A hotfix deployment: the release it fixes (`v1.4.0`); else null. */
  hotfixOf: string | null;
  /** Commits in `version` that `previousVersion` did not have. */
  commits: DoraCommit[];
  /** The product promotion it was part of, if any. */
  productPromotionId?: string | null;
}

/** A hotfix cut for a release, whether or not it was deployed yet. */
export interface DoraHotfixRecord {
  entityRef: string;
  /** The release fixed (`v1.4.0`). */
  target: string;
  /** ISO 8601. */
  at: string;
}

/** The history the figures are computed from: everything up to the range's end. */
export interface DoraHistory {
  deployments: DoraDeploymentRecord[];
  hotfixes?: DoraHotfixRecord[];
}

export type DoraBucketSize = 'day' | 'week';

export interface DoraOptions {
  /** Start of the range, inclusive (ISO 8601). */
  from: string;
  /** End of the range, exclusive (ISO 8601). */
  to: string;
  bucket: DoraBucketSize;
}

/** DORA performance level of a figure (2024 Accelerate State of DevOps report). */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

/** Set with `null` figures: why there is no number. */
export interface DoraNoValue {
  reason: string | null;
}

export interface DoraDeploymentFrequency extends DoraNoValue {
  deployments: number;
  /** Deployments per day over the range; null without deployments. */
  perDay: number | null;
  perWeek: number | null;
  band: DoraBand | null;
}

export interface DoraLeadTime extends DoraNoValue {
  /** Commits measured: first deployed within the range. */
  commits: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  band: DoraBand | null;
}

export interface DoraChangeFailureRate extends DoraNoValue {
  failed: number;
  /** Failed deployments / deployments, 0 to 1; null without deployments. */
  rate: number | null;
  band: DoraBand | null;
}

export interface DoraTimeToRestore extends DoraNoValue {
  /** Failed deployments of the range restored by its end. */
  restored: number;
  /** Failed deployments of the range still not restored at its end. */
  unrestored: number;
  medianSeconds: number | null;
  band: DoraBand | null;
}

export interface DoraReworkRate extends DoraNoValue {
  /** Rollback and hotfix deployments. */
  rework: number;
  rate: number | null;
  /** The 2024 report gives no levels for this metric: always null. */
  band: null;
}

/** The figures of one bucket of the series, for charts. */
export interface DoraSeriesPoint {
  /** ISO 8601, inclusive. */
  start: string;
  /** ISO 8601, exclusive. */
  end: string;
  deployments: number;
  failed: number;
  rework: number;
  leadTimeMedianSeconds: number | null;
  timeToRestoreMedianSeconds: number | null;
}

export interface DoraMetrics {
  from: string;
  to: string;
  bucket: DoraBucketSize;
  deploymentFrequency: DoraDeploymentFrequency;
  leadTime: DoraLeadTime;
  changeFailureRate: DoraChangeFailureRate;
  timeToRestore: DoraTimeToRestore;
  reworkRate: DoraReworkRate;
  series: DoraSeriesPoint[];
}

/** `GET /api/releases/dora?entityRef=...` or `?system=...` */
export interface DoraResponse extends DoraMetrics {
  environment: string;
  /** Set for a component. */
  entityRef?: string;
  /** Set for a product: the System, and the components measured. */
  system?: string;
  components?: string[];
  /**
   * Products only: product promotions that deployed in the range, each
   * counted once (the figures count each component's deployment).
   */
  productDeployments?: number;
}
