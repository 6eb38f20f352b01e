export { releasesApiRef } from './ReleasesApi';
export type {
  AuditResponse,
  ListPromotionsRequest,
  PromotionsResponse,
  ReleasesApi,
  ReleasesRefreshResponse,
} from './ReleasesApi';
export { ReleasesClient } from './ReleasesClient';
export type { ReleasesClientOptions } from './ReleasesClient';
