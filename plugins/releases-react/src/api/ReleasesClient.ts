import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityReleasesResponse,
  UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';
import type { ReleasesApi, ReleasesRefreshResponse } from './ReleasesApi';

/**
 * Options of {@link ReleasesClient}.
 *
 * @public
 */
export interface ReleasesClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}

/**
 * {@link ReleasesApi} over HTTP: finds the backend through the discovery API
 * (plugin id `releases`) and calls it with the fetch API, which adds the
 * user's credentials.
 *
 * @public
 */
export class ReleasesClient implements ReleasesApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: ReleasesClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getReleases(entityRef: string): Promise<EntityReleasesResponse> {
    return this.request<EntityReleasesResponse>(
      `/releases?${new URLSearchParams({ entityRef })}`,
    );
  }

  async getUnreleased(entityRef: string): Promise<UnreleasedChangesResponse> {
    return this.request<UnreleasedChangesResponse>(
      `/unreleased?${new URLSearchParams({ entityRef })}`,
    );
  }

  async refresh(entityRef: string): Promise<ReleasesRefreshResponse> {
    return this.request<ReleasesRefreshResponse>('/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRef }),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('releases');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
