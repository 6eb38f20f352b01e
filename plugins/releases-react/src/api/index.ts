export { releasesApiRef } from './ReleasesApi';
export type {
  ApprovePromotionOptions,
  AuditResponse,
  ListPromotionsRequest,
  PromotionsResponse,
  RejectPromotionOptions,
  ReleasesApi,
  ReleasesRefreshResponse,
} from './ReleasesApi';
export { ReleasesClient } from './ReleasesClient';
export type { ReleasesClientOptions } from './ReleasesClient';
