import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AuditEntry,
  CreatePromotionRequest,
  EntityReleasesResponse,
  EnvironmentsResponse,
  MatrixResponse,
  Promotion,
  UnreleasedChangesResponse,
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
}

/**
 * Reference to the {@link ReleasesApi}.
 *
 * @public
 */
export const releasesApiRef = createApiRef<ReleasesApi>({
  id: 'plugin.releases.service',
});
