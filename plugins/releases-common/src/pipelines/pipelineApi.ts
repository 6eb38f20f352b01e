/*
 * Shapes of the pipeline trace API: the stages of a version's pipeline as
 * pipelines report them (`POST /pipelines`, `releases pipeline report`).
 */

/** The stages the design names, in pipeline order; others are allowed too. */
export const PIPELINE_STAGES = [
  'clone',
  'build',
  'unit-tests',
  'vulnerability-scan',
  'image-push',
  'chart-publish',
  'deploy-notify',
  'integration-tests',
] as const;

export type PipelineStageStatus =
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped';

/** One stage of a version's pipeline, as last reported. */
export interface PipelineStage {
  /** `unit-tests`: lower case, digits and dashes, at most 63 characters. */
  name: string;
  status: PipelineStageStatus;
  /** ISO 8601. */
  startedAt: string | null;
  finishedAt: string | null;
  /** The pipeline run or job (http or https). */
  url: string | null;
  /** Free text the stage reports, e.g. `coverage 84%` or `0 critical`. */
  detail: string | null;
  reportedBy: string;
  reportedAt: string;
}

/** Body of `POST /pipelines`: stages of one version; each replaces the stage of that name. */
export interface ReportPipelineRequest {
  entityRef: string;
  /** The release tag (`v1.5.0-rc.1`). */
  version: string;
  /** The commit the pipeline built, if known. */
  sha?: string;
  stages: Array<{
    name: string;
    status: PipelineStageStatus;
    startedAt?: string;
    finishedAt?: string;
    url?: string;
    detail?: string;
  }>;
  /**
   * The database schema the release migrates to, and the newest it still
   * runs on (default: its own), for components without a schema file.
   * Fixed once reported.
   */
  schema?: { version: number; compatibleUpTo?: number };
}

/** Answer of `GET /pipelines?entityRef=&version=` and of `POST /pipelines`. */
export interface PipelineTrace {
  entityRef: string;
  version: string;
  /** In PIPELINE_STAGES order, then other stages by name. */
  stages: PipelineStage[];
  /** The chart's version from `releases.artifacts.chartVersion`, e.g. `cart-1-5-0-1a2b3c4`; null without template or commit. */
  chartVersion: string | null;
  /** The database schema the pipeline reported for this version (or its candidate), if any. */
  schema: { version: number; compatibleUpTo: number } | null;
}
