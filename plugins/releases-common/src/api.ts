/*
 * Shapes of the Releases REST API (`/api/releases`), shared by the backend,
 * the frontend client and the CLI's `--json` output.
 */
import type { Bump, Changelog, PresetName } from './types';
import type { PromotionState } from './promotions/stateMachine';
import type { EnvironmentType } from './environments/environments';
import type { SchemaStep } from './schema/schemaVersions';

/** Annotation naming the Git repository of a component (local path or URL). */
export const RELEASES_GIT_REPO_ANNOTATION =
  'releases-for-backstage.io/git-repo';
/** Optional annotation: tag prefix of the component's release tags (default `v`). */
export const RELEASES_TAG_PREFIX_ANNOTATION =
  'releases-for-backstage.io/tag-prefix';
/** Optional annotation: commit convention preset (`conventionalcommits` or `angular`). */
export const RELEASES_PRESET_ANNOTATION = 'releases-for-backstage.io/preset';
/** Optional annotation: web URL of the repository, used for commit links. */
export const RELEASES_REPO_URL_ANNOTATION =
  'releases-for-backstage.io/repo-url';

/**
 * Annotation on a `System` naming its product repository (local path or
 * URL), where product releases are tagged with their `product.yaml`.
 */
export const RELEASES_PRODUCT_REPO_ANNOTATION =
  'releases-for-backstage.io/product-repo';
/** Optional annotation on a `System`: tag prefix of its product releases (default `v`). */
export const RELEASES_PRODUCT_TAG_PREFIX_ANNOTATION =
  'releases-for-backstage.io/product-tag-prefix';

/** Quality channel of a release; assigned from measured quality in a later stage. */
export type ReleaseChannel = 'alpha' | 'beta' | 'stable';

/** One release (a semver tag) of an entity. */
export interface Release {
  /** Tag name, e.g. `v1.4.0` or `cart-v1.4.0-rc.2`. */
  tag: string;
  /** Semantic version without prefix, e.g. `1.4.0`. */
  version: string;
  /** True for prereleases such as `1.4.0-rc.2`. */
  prerelease: boolean;
  /** Commit the tag points at. */
  sha: string;
  /** ISO 8601 date of the tag (tagger date, or commit date of a lightweight tag). */
  date: string;
  /** Quality channel; `null` until quality is measured. */
  channel: ReleaseChannel | null;
  /** Changes since the previous release (the previous non-prerelease for a final release). */
  changelog: Changelog;
}

/** `GET /api/releases/releases?entityRef=...` */
export interface EntityReleasesResponse {
  entityRef: string;
  /** Repository location as given by the annotation. */
  repo: string;
  tagPrefix: string;
  preset: PresetName;
  /** When the state was last read from Git (ISO 8601). */
  refreshedAt: string;
  /** Newest first. */
  releases: Release[];
}

/** `GET /api/releases/unreleased?entityRef=...` */
export interface UnreleasedChangesResponse {
  entityRef: string;
  /** Version of the newest release tag reachable from the head, or `null`. */
  current: string | null;
  currentTag: string | null;
  /** Next version the unreleased commits produce, or `null` when nothing releases. */
  next: string | null;
  bump: Bump | null;
  /** Number of commits since the current release. */
  commits: number;
  /** Commit the head of the repository points at. */
  headSha: string;
  changelog: Changelog;
  refreshedAt: string;
}

/** Annotation on a System or Component naming its environment repository. */
export const RELEASES_ENVIRONMENT_REPO_ANNOTATION =
  'releases-for-backstage.io/environment-repo';

/** One step of a promotion's history. */
export interface PromotionEvent {
  at: string;
  state: PromotionState;
  /** Entity ref of the user or service that caused the step. */
  actor: string;
  reason: string | null;
}

/** `POST /promotions`, `GET /promotions/{id}` */
export interface Promotion {
  id: string;
  entityRef: string;
  environment: string;
  /** Version as requested (`X.Y.Z`, a tag, `WIP`), or null for the default. */
  requestedVersion: string | null;
  /** Version decided by the rules (tag name or `WIP`), once planned. */
  version: string | null;
  /** Commit deployed, once planned. */
  sha: string | null;
  /** Tag the promotion created (rc or final), if any. */
  createdTag: string | null;
  /** What the environment ran before. */
  previousVersion: string | null;
  state: PromotionState;
  rollback: boolean;
  idempotencyKey: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Why the promotion failed, was rejected, aborted or rolled back. */
  reason: string | null;
  /** The gates that decide whether it may start, as last evaluated. */
  gates: PromotionGate[];
  /** The verification steps after execution, as last evaluated (same shape as gates). */
  verification: PromotionGate[];
  /** The product promotion this promotion is part of, if any. */
  productPromotionId?: string | null;
  /** The database schema step beside the version step, when the component declares schemas. */
  schema?: SchemaStep | null;
  events: PromotionEvent[];
}

/** What a gate answered: met, still waiting, or failed (which ends the promotion). */
export type PromotionGateStatus = 'met' | 'pending' | 'failed';

/** One gate of a promotion, as the engine last evaluated it. */
export interface PromotionGate {
  /** Gate id, e.g. `approval`. */
  id: string;
  status: PromotionGateStatus;
  /** A required gate must be met before the promotion runs. */
  required: boolean;
  /** What a pending gate waits for, why a gate failed, or how it was met. */
  detail: string | null;
}

/** Body of `POST /promotions`. */
export interface CreatePromotionRequest {
  entityRef: string;
  environment: string;
  version?: string;
  idempotencyKey?: string;
  rollback?: boolean;
  /** Why: shown in the history and audit trail (rollbacks ask for one). */
  reason?: string;
  /**
   * Allows a qa version above the next version the unreleased commits
   * produce (a jump, say 2.0.0 when 1.5.0 is next); refused without it.
   */
  allowJump?: boolean;
  /**
   * Break glass: starts the promotion outside its release window or during
   * a freeze. Needs `releases.promotion.override`; the reason is audited.
   */
  override?: { reason: string };
}

/** Current state of one entity in one environment. */
export interface EnvironmentStatus {
  environment: string;
  type: EnvironmentType;
  description: string | null;
  /** Version deployed (tag or `WIP`), or null when nothing is. */
  version: string | null;
  sha: string | null;
  since: string | null;
  by: string | null;
  status: 'deployed' | 'deploying' | 'failed' | null;
  runUrl: string | null;
  promotionId: string | null;
}

/** `GET /environments?entityRef=...` */
export interface EnvironmentsResponse {
  entityRef: string;
  environments: EnvironmentStatus[];
}

/** `GET /matrix?system=...` */
export interface MatrixResponse {
  system: string;
  environments: string[];
  rows: Array<{
    entityRef: string;
    title: string;
    cells: Record<string, EnvironmentStatus>;
  }>;
}

/** Body of `POST /deployments`, as pipelines report them. */
export interface DeploymentReport {
  entityRef: string;
  environment: string;
  version: string;
  sha?: string;
  status: 'started' | 'succeeded' | 'failed';
  runUrl?: string;
  startedAt?: string;
  finishedAt?: string;
}

/** One entry of `GET /audit?entityRef=...`. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  entityRef: string;
  environment: string | null;
  promotionId: string | null;
  detail: string | null;
}

/** Signals channel on which the backend announces every promotion state change. */
export const RELEASES_PROMOTIONS_SIGNAL_CHANNEL = 'releases:promotions';

/**
 * Message on {@link RELEASES_PROMOTIONS_SIGNAL_CHANNEL}, broadcast after
 * every state change; clients re-read the promotion if they need more.
 * A type alias (not an interface) so it is a JSON object for signals.
 */
export type PromotionSignal = {
  id: string;
  entityRef: string;
  environment: string;
  state: PromotionState;
  /** Tag or `WIP`, or null before the version is planned. */
  version: string | null;
  /** ISO 8601 time of the change. */
  updatedAt: string;
};
