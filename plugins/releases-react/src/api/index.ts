export { releasesApiRef } from './ReleasesApi';
export type { ReleasesApi, ReleasesRefreshResponse } from './ReleasesApi';
export { ReleasesClient } from './ReleasesClient';
export type { ReleasesClientOptions } from './ReleasesClient';
