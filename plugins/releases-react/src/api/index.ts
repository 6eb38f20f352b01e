export { releasesApiRef } from './ReleasesApi';
export type {
  ApprovePromotionOptions,
  AuditResponse,
  BlessedReleasesResponse,
  CutProductReleaseRequest,
  CutProductReleaseResponse,
  FreezeRequest,
  FreezesResponse,
  HotfixesResponse,
  LiftFreezeResponse,
  ListProductPromotionsOptions,
  ListPromotionsRequest,
  ListResultsRequest,
  NextProductReleaseResponse,
  ProductRelease,
  ProductReleasesResponse,
  PromotionsResponse,
  RejectPromotionOptions,
  ReleasesApi,
  ReleasesRefreshResponse,
  RiskRequest,
  UnblessRequest,
} from './ReleasesApi';
export { ReleasesClient } from './ReleasesClient';
export type { ReleasesClientOptions } from './ReleasesClient';
