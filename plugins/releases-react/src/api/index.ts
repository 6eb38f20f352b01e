export { releasesApiRef } from './ReleasesApi';
export type {
  ApprovePromotionOptions,
  AuditResponse,
  BlessedReleasesResponse,
  FreezeRequest,
  FreezesResponse,
  HotfixesResponse,
  LiftFreezeResponse,
  ListPromotionsRequest,
  ListResultsRequest,
  PromotionsResponse,
  RejectPromotionOptions,
  ReleasesApi,
  ReleasesRefreshResponse,
  RiskRequest,
  UnblessRequest,
} from './ReleasesApi';
export { ReleasesClient } from './ReleasesClient';
export type { ReleasesClientOptions } from './ReleasesClient';
