import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AuditEntry,
  BlessedRelease,
  CastVoteRequest,
  DoraResponse,
  ReleasePickerResponse,
  SloEvaluationsResponse,
  StabilityResponse,
  ProductVoteResponse,
  CreateHotfixRequest,
  CreateProductPromotionRequest,
  CutProductReleaseResponse,
  CreatePromotionRequest,
  EntityReleasesResponse,
  EnvironmentsResponse,
  Freeze,
  Hotfix,
  MatrixResponse,
  NextProductReleaseResponse,
  PipelineTrace,
  ProductEnvironmentsResponse,
  ProductPromotion,
  ProductPromotionsResponse,
  ProductReleasesResponse,
  Promotion,
  PromotionVotesResponse,
  RiskResponse,
  TestResultsResponse,
  UnreleasedChangesResponse,
  Vote,
  WindowStatus,
} from '@releases-for-backstage/plugin-releases-common';

// The product release shapes live in common; kept importable from here.
export type {
  CutProductReleaseResponse,
  NextProductReleaseResponse,
  ProductRelease,
  ProductReleasesResponse,
} from '@releases-for-backstage/plugin-releases-common';

/**
 * Answer of `POST /api/releases/refresh`.
 *
 * @public
 */
export interface ReleasesRefreshResponse {
  entityRef: string;
  /** When the entity's repository was read from Git (ISO 8601). */
  refreshedAt: string;
}

/**
 * Query of {@link ReleasesApi.listPromotions}.
 *
 * @public
 */
export interface ListPromotionsRequest {
  /** Stringified entity reference, e.g. `component:default/cart`. */
  entityRef: string;
  /** Only promotions into this environment. */
  environment?: string;
  /** At most this many promotions (the backend allows 1 to 200). */
  limit?: number;
}

/**
 * Answer of `GET /api/releases/promotions`: newest first.
 *
 * @public
 */
export interface PromotionsResponse {
  items: Promotion[];
}

/**
 * Answer of `GET /api/releases/audit`.
 *
 * @public
 */
export interface AuditResponse {
  items: AuditEntry[];
}

/**
 * Options of {@link ReleasesApi.approvePromotion}.
 *
 * @public
 */
export interface ApprovePromotionOptions {
  /** A comment kept with the approval (at most 1000 characters). */
  reason?: string;
}

/**
 * Options of {@link ReleasesApi.rejectPromotion}.
 *
 * @public
 */
export interface RejectPromotionOptions {
  /** Why the promotion is rejected: required, 1 to 1000 characters. */
  reason: string;
}

/**
 * Query of {@link ReleasesApi.getRisk}: the changes of one version (`next`
 * for the unreleased commits) or one change (`#12` or a commit sha).
 *
 * @public
 */
export type RiskRequest =
  | { entityRef: string; version: string; change?: never }
  | { entityRef: string; change: string; version?: never };

/**
 * Query of {@link ReleasesApi.listResults}.
 *
 * @public
 */
export interface ListResultsRequest {
  entityRef: string;
  /** Only the results of this version (or tag). */
  version?: string;
}

/**
 * Answer of `GET /api/releases/freezes`.
 *
 * @public
 */
export interface FreezesResponse {
  freezes: Freeze[];
}

/**
 * Body of {@link ReleasesApi.freeze} and {@link ReleasesApi.liftFreeze}.
 *
 * @public
 */
export interface FreezeRequest {
  /** The product, e.g. `system:default/shop`. */
  system: string;
  /** Why: kept with the freeze and in the audit trail. */
  reason: string;
}

/**
 * Answer of `POST /api/releases/freezes/lift`.
 *
 * @public
 */
export interface LiftFreezeResponse {
  lifted: Freeze;
}

/**
 * Answer of `GET /api/releases/blessed`.
 *
 * @public
 */
export interface BlessedReleasesResponse {
  releases: BlessedRelease[];
}

/**
 * Body of {@link ReleasesApi.unbless}.
 *
 * @public
 */
export interface UnblessRequest {
  entityRef: string;
  version: string;
  /** Why the release must not be promoted further: required. */
  reason: string;
}

/**
 * Answer of `GET /api/releases/hotfixes`.
 *
 * @public
 */
export interface HotfixesResponse {
  hotfixes: Hotfix[];
}

/**
 * Body of {@link ReleasesApi.cutProductRelease}.
 *
 * @public
 */
export interface CutProductReleaseRequest {
  /** The product, e.g. `system:default/shop`. */
  system: string;
  /** Left out, the computed next version is cut. */
  version?: string;
}

/**
 * Options of {@link ReleasesApi.listProductPromotions}.
 *
 * @public
 */
export interface ListProductPromotionsOptions {
  /** Only product promotions into this environment. */
  environment?: string;
  /** At most this many product promotions. */
  limit?: number;
}

/**
 * Client of the Releases backend (`/api/releases`).
 *
 * Every method takes a stringified entity reference such as
 * `component:default/cart` and rejects with a `ResponseError` (from
 * `@backstage/errors`) when the backend answers with an error: `404` for an
 * unknown entity or one without the `releases-for-backstage.io/git-repo`
 * annotation, `400` for a malformed reference.
 *
 * @public
 */
export interface ReleasesApi {
  /** Releases (semver tags) of the entity, newest first, with their changelogs. */
  getReleases(entityRef: string): Promise<EntityReleasesResponse>;
  /** Commits since the current release and the version they would produce. */
  getUnreleased(entityRef: string): Promise<UnreleasedChangesResponse>;
  /** Makes the backend re-read the entity's repository from Git now. */
  refresh(entityRef: string): Promise<ReleasesRefreshResponse>;

  /**
   * Requests a promotion (or, with `rollback: true`, a rollback) of an
   * entity into an environment. Resolves once the backend has planned and
   * stored it; execution continues asynchronously, so poll
   * {@link ReleasesApi.getPromotion} until the state is terminal. A repeated
   * `idempotencyKey` resolves with the promotion it created the first time.
   * Rejects with `409` while another promotion is active for the entity and
   * environment, and with `400` when the version rules refuse the request
   * (the message says why).
   */
  createPromotion(request: CreatePromotionRequest): Promise<Promotion>;
  /** One promotion with its events. */
  getPromotion(id: string): Promise<Promotion>;
  /** Promotions of an entity, newest first, each with its events. */
  listPromotions(request: ListPromotionsRequest): Promise<PromotionsResponse>;
  /**
   * Aborts a promotion that has not written to Git yet; rejects with `409`
   * once it can no longer be aborted.
   */
  abortPromotion(id: string, reason?: string): Promise<Promotion>;
  /**
   * Approves a promotion that waits for a manual approval
   * (`waiting-for-gates`) and resolves with it. Rejects with `409` when the
   * promotion does not wait for approval, and with `403` without the
   * `releases.promotion.approve` permission on the entity or when the
   * approver is the user who requested the promotion (four-eyes rule; the
   * message says which).
   */
  approvePromotion(
    id: string,
    options?: ApprovePromotionOptions,
  ): Promise<Promotion>;
  /**
   * Rejects a promotion that waits for a manual approval; it ends in state
   * `rejected` with the reason. Same `409` and `403` as
   * {@link ReleasesApi.approvePromotion}.
   */
  rejectPromotion(
    id: string,
    options: RejectPromotionOptions,
  ): Promise<Promotion>;
  /** What the entity runs in each configured environment, in order. */
  getEnvironments(entityRef: string): Promise<EnvironmentsResponse>;
  /**
   * Environments of every component of a system (`system:default/shop`).
   */
  getMatrix(systemRef: string): Promise<MatrixResponse>;
  /** Audit trail of an entity's promotions and deployments. */
  getAudit(entityRef: string): Promise<AuditResponse>;

  /**
   * Risk of the changes of a version (`version: 'next'` for the unreleased
   * commits) or of one change, each with its labels, their sources and the
   * points each contributed.
   */
  getRisk(request: RiskRequest): Promise<RiskResponse>;
  /** Test results of an entity (of one version, if given), newest first. */
  listResults(request: ListResultsRequest): Promise<TestResultsResponse>;
  /**
   * The go/no-go votes of a promotion, with the roles whose go it needs and
   * whether the user may vote for each.
   */
  getVotes(promotionId: string): Promise<PromotionVotesResponse>;
  /**
   * Casts the user's vote for a role. Rejects with `403` when the user is
   * not in one of the role's groups and with `409` when the promotion no
   * longer waits for votes.
   */
  castVote(promotionId: string, request: CastVoteRequest): Promise<Vote>;
  /**
   * Casts one vote on every component of a product promotion that still
   * waits, all or none; rejects as {@link ReleasesApi.castVote} does.
   */
  castProductVote(
    productPromotionId: string,
    request: CastVoteRequest,
  ): Promise<ProductVoteResponse>;
  /**
   * Whether promotions of a component (or of every component of a system)
   * may start now, and when that changes.
   */
  getWindowStatus(entityRef: string): Promise<WindowStatus>;
  /** Every freeze in force. */
  listFreezes(): Promise<FreezesResponse>;
  /** Freezes every promotion of a product; `409` when it is frozen already. */
  freeze(request: FreezeRequest): Promise<Freeze>;
  /** Lifts the freeze of a product; `404` when it is not frozen. */
  liftFreeze(request: FreezeRequest): Promise<LiftFreezeResponse>;
  /** The blessed (and un-blessed) releases of an entity. */
  listBlessed(entityRef: string): Promise<BlessedReleasesResponse>;
  /** Un-blesses a release so that it is not promoted further. */
  unbless(request: UnblessRequest): Promise<BlessedRelease>;
  /**
   * Cuts a hotfix: cherry-picks the change onto the target's release branch
   * and tags the next patch. Rejects with `409` on a conflicting pick.
   */
  createHotfix(request: CreateHotfixRequest): Promise<Hotfix>;
  /** Hotfixes of an entity, newest first. */
  listHotfixes(entityRef: string): Promise<HotfixesResponse>;

  /**
   * Product releases of a System, newest first. Rejects with `400` naming
   * the `releases-for-backstage.io/product-repo` annotation when the System
   * has none.
   */
  listProductReleases(system: string): Promise<ProductReleasesResponse>;
  /** The next product release of a System with its bundled changelog. */
  getNextProductRelease(system: string): Promise<NextProductReleaseResponse>;
  /**
   * Cuts the next product release (or `version`). Rejects with `409` when
   * nothing changed or another cut won the race, `403` without the
   * `releases.product.release` permission and `400` for a bad version or a
   * System without product repository.
   */
  cutProductRelease(
    request: CutProductReleaseRequest,
  ): Promise<CutProductReleaseResponse>;

  /**
   * Promotes every component of a product release into one environment, in
   * one commit of the environment branch. Resolves once the backend has
   * stored it; poll {@link ReleasesApi.getProductPromotion} until its state
   * is no longer `active`. Rejects with `400` for an unknown product
   * version or a component whose version rules refuse it (the message names
   * it), `403` without permission for one of the components and `409` when
   * a component already has an active promotion there or every component
   * already runs its version.
   */
  promoteProductRelease(
    request: CreateProductPromotionRequest,
  ): Promise<ProductPromotion>;
  /** Product promotions of a System, newest first. */
  listProductPromotions(
    system: string,
    options?: ListProductPromotionsOptions,
  ): Promise<ProductPromotionsResponse>;
  /** One product promotion with its members; `404` when unknown. */
  getProductPromotion(id: string): Promise<ProductPromotion>;
  /**
   * What each environment of a System runs as a product: the product
   * release, or mixed versions, and each component's version.
   */
  getProductEnvironments(system: string): Promise<ProductEnvironmentsResponse>;

  /**
   * The pipeline stages reported for a version (or tag) and its chart
   * version. A version without reports has no stages; a final version
   * without stages of its own has its release candidate's, and `version`
   * of the answer names that candidate.
   */
  getPipelineTrace(entityRef: string, version: string): Promise<PipelineTrace>;
  /**
   * The stored SLO evaluations of an entity in an environment (newest
   * first), its objectives, error budgets and dashboard links.
   */
  getSloEvaluations(request: {
    entityRef: string;
    environment: string;
    version?: string;
    limit?: number;
  }): Promise<SloEvaluationsResponse>;
  /** The stability score and channel of a release where it soaks (by default what runs there). */
  getStability(request: {
    entityRef: string;
    environment: string;
    version?: string;
  }): Promise<StabilityResponse>;
  /** A product's releases ranked for shipping by stability (staging by default). */
  getReleasePicker(request: {
    system: string;
    environment?: string;
  }): Promise<ReleasePickerResponse>;
  /**
   * The DORA metrics of a component (`entityRef`) or a product (`system`)
   * in one environment (prod by default) over `[from, to)`, with a series
   * per `bucket` (docs/dora.md).
   */
  getDoraMetrics(request: {
    entityRef?: string;
    system?: string;
    from?: string;
    to?: string;
    environment?: string;
    bucket?: 'day' | 'week';
  }): Promise<DoraResponse>;
}

/**
 * Reference to the {@link ReleasesApi}.
 *
 * @public
 */
export const releasesApiRef = createApiRef<ReleasesApi>({
  id: 'plugin.releases.service',
});
