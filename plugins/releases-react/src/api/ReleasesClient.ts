import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreatePromotionRequest,
  EntityReleasesResponse,
  EnvironmentsResponse,
  MatrixResponse,
  Promotion,
  UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  ApprovePromotionOptions,
  AuditResponse,
  ListPromotionsRequest,
  PromotionsResponse,
  RejectPromotionOptions,
  ReleasesApi,
  ReleasesRefreshResponse,
} from './ReleasesApi';

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
    return this.post<ReleasesRefreshResponse>('/refresh', { entityRef });
  }

  async createPromotion(request: CreatePromotionRequest): Promise<Promotion> {
    return this.post<Promotion>('/promotions', request);
  }

  async getPromotion(id: string): Promise<Promotion> {
    return this.request<Promotion>(`/promotions/${encodeURIComponent(id)}`);
  }

  async listPromotions(
    request: ListPromotionsRequest,
  ): Promise<PromotionsResponse> {
    const params = new URLSearchParams({ entityRef: request.entityRef });
    if (request.environment !== undefined) {
      params.set('environment', request.environment);
    }
    if (request.limit !== undefined) {
      params.set('limit', String(request.limit));
    }
    return this.request<PromotionsResponse>(`/promotions?${params}`);
  }

  async abortPromotion(id: string, reason?: string): Promise<Promotion> {
    return this.post<Promotion>(
      `/promotions/${encodeURIComponent(id)}/abort`,
      reason === undefined ? {} : { reason },
    );
  }

  async approvePromotion(
    id: string,
    options: ApprovePromotionOptions = {},
  ): Promise<Promotion> {
    return this.post<Promotion>(
      `/promotions/${encodeURIComponent(id)}/approve`,
      options.reason === undefined ? {} : { reason: options.reason },
    );
  }

  async rejectPromotion(
    id: string,
    options: RejectPromotionOptions,
  ): Promise<Promotion> {
    return this.post<Promotion>(
      `/promotions/${encodeURIComponent(id)}/reject`,
      { reason: options.reason },
    );
  }

  async getEnvironments(entityRef: string): Promise<EnvironmentsResponse> {
    return this.request<EnvironmentsResponse>(
      `/environments?${new URLSearchParams({ entityRef })}`,
    );
  }

  async getMatrix(systemRef: string): Promise<MatrixResponse> {
    return this.request<MatrixResponse>(
      `/matrix?${new URLSearchParams({ system: systemRef })}`,
    );
  }

  async getAudit(entityRef: string): Promise<AuditResponse> {
    return this.request<AuditResponse>(
      `/audit?${new URLSearchParams({ entityRef })}`,
    );
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
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
