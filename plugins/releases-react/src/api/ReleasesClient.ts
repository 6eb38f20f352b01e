import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  BlessedRelease,
  CastVoteRequest,
  DoraResponse,
  ReleasePickerResponse,
  SloEvaluationsResponse,
  StabilityResponse,
  ProductVoteResponse,
  CreateHotfixRequest,
  CreateProductPromotionRequest,
  CreatePromotionRequest,
  EntityReleasesResponse,
  EnvironmentsResponse,
  Freeze,
  Hotfix,
  MatrixResponse,
  PipelineTrace,
  ProductEnvironmentsResponse,
  ProductPromotion,
  ProductPromotionsResponse,
  Promotion,
  PromotionVotesResponse,
  RiskResponse,
  TestResultsResponse,
  UnreleasedChangesResponse,
  Vote,
  WindowStatus,
} from '@releases-for-backstage/plugin-releases-common';
import type {
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
  ProductReleasesResponse,
  PromotionsResponse,
  RejectPromotionOptions,
  ReleasesApi,
  ReleasesRefreshResponse,
  RiskRequest,
  UnblessRequest,
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

  async getRisk(request: RiskRequest): Promise<RiskResponse> {
    const params = new URLSearchParams({ entityRef: request.entityRef });
    // Exactly one of the two: the backend refuses both or neither.
    if (request.version !== undefined) params.set('version', request.version);
    if (request.change !== undefined) params.set('change', request.change);
    return this.request<RiskResponse>(`/risk?${params}`);
  }

  async listResults(request: ListResultsRequest): Promise<TestResultsResponse> {
    const params = new URLSearchParams({ entityRef: request.entityRef });
    if (request.version !== undefined) params.set('version', request.version);
    return this.request<TestResultsResponse>(`/results?${params}`);
  }

  async getVotes(promotionId: string): Promise<PromotionVotesResponse> {
    return this.request<PromotionVotesResponse>(
      `/promotions/${encodeURIComponent(promotionId)}/votes`,
    );
  }

  async castVote(promotionId: string, request: CastVoteRequest): Promise<Vote> {
    return this.post<Vote>(
      `/promotions/${encodeURIComponent(promotionId)}/votes`,
      {
        role: request.role,
        decision: request.decision,
        reason: request.reason,
      },
    );
  }

  async castProductVote(
    productPromotionId: string,
    request: CastVoteRequest,
  ): Promise<ProductVoteResponse> {
    return this.post<ProductVoteResponse>(
      `/products/promotions/${encodeURIComponent(productPromotionId)}/votes`,
      {
        role: request.role,
        decision: request.decision,
        reason: request.reason,
      },
    );
  }

  async getWindowStatus(entityRef: string): Promise<WindowStatus> {
    return this.request<WindowStatus>(
      `/windows?${new URLSearchParams({ entityRef })}`,
    );
  }

  async listFreezes(): Promise<FreezesResponse> {
    return this.request<FreezesResponse>('/freezes');
  }

  async freeze(request: FreezeRequest): Promise<Freeze> {
    return this.post<Freeze>('/freezes', {
      system: request.system,
      reason: request.reason,
    });
  }

  async liftFreeze(request: FreezeRequest): Promise<LiftFreezeResponse> {
    return this.post<LiftFreezeResponse>('/freezes/lift', {
      system: request.system,
      reason: request.reason,
    });
  }

  async listBlessed(entityRef: string): Promise<BlessedReleasesResponse> {
    return this.request<BlessedReleasesResponse>(
      `/blessed?${new URLSearchParams({ entityRef })}`,
    );
  }

  async unbless(request: UnblessRequest): Promise<BlessedRelease> {
    return this.post<BlessedRelease>('/blessed/unbless', {
      entityRef: request.entityRef,
      version: request.version,
      reason: request.reason,
    });
  }

  async createHotfix(request: CreateHotfixRequest): Promise<Hotfix> {
    return this.post<Hotfix>('/hotfixes', {
      entityRef: request.entityRef,
      change: request.change,
      target: request.target,
    });
  }

  async listHotfixes(entityRef: string): Promise<HotfixesResponse> {
    return this.request<HotfixesResponse>(
      `/hotfixes?${new URLSearchParams({ entityRef })}`,
    );
  }

  async listProductReleases(system: string): Promise<ProductReleasesResponse> {
    return this.request<ProductReleasesResponse>(
      `/products/releases?${new URLSearchParams({ system })}`,
    );
  }

  async getNextProductRelease(
    system: string,
  ): Promise<NextProductReleaseResponse> {
    return this.request<NextProductReleaseResponse>(
      `/products/next?${new URLSearchParams({ system })}`,
    );
  }

  async cutProductRelease(
    request: CutProductReleaseRequest,
  ): Promise<CutProductReleaseResponse> {
    // The backend refuses unknown keys: send only what is set.
    return this.post<CutProductReleaseResponse>(
      '/products/releases',
      request.version === undefined
        ? { system: request.system }
        : { system: request.system, version: request.version },
    );
  }

  async promoteProductRelease(
    request: CreateProductPromotionRequest,
  ): Promise<ProductPromotion> {
    // The backend refuses unknown keys: send only what is set.
    const body: Record<string, string> = {
      system: request.system,
      version: request.version,
      environment: request.environment,
    };
    if (request.reason !== undefined) body.reason = request.reason;
    if (request.idempotencyKey !== undefined) {
      body.idempotencyKey = request.idempotencyKey;
    }
    return this.post<ProductPromotion>('/products/promotions', body);
  }

  async listProductPromotions(
    system: string,
    options: ListProductPromotionsOptions = {},
  ): Promise<ProductPromotionsResponse> {
    const params = new URLSearchParams({ system });
    if (options.environment !== undefined) {
      params.set('environment', options.environment);
    }
    if (options.limit !== undefined) {
      params.set('limit', String(options.limit));
    }
    return this.request<ProductPromotionsResponse>(
      `/products/promotions?${params}`,
    );
  }

  async getProductPromotion(id: string): Promise<ProductPromotion> {
    return this.request<ProductPromotion>(
      `/products/promotions/${encodeURIComponent(id)}`,
    );
  }

  async getProductEnvironments(
    system: string,
  ): Promise<ProductEnvironmentsResponse> {
    return this.request<ProductEnvironmentsResponse>(
      `/products/environments?${new URLSearchParams({ system })}`,
    );
  }

  async getPipelineTrace(
    entityRef: string,
    version: string,
  ): Promise<PipelineTrace> {
    return this.request<PipelineTrace>(
      `/pipelines?${new URLSearchParams({ entityRef, version })}`,
    );
  }

  async getSloEvaluations(request: {
    entityRef: string;
    environment: string;
    version?: string;
    limit?: number;
  }): Promise<SloEvaluationsResponse> {
    const query = new URLSearchParams({
      entityRef: request.entityRef,
      environment: request.environment,
    });
    if (request.version) query.set('version', request.version);
    if (request.limit !== undefined) query.set('limit', String(request.limit));
    return this.request<SloEvaluationsResponse>(`/slo/evaluations?${query}`);
  }

  async getStability(request: {
    entityRef: string;
    environment: string;
    version?: string;
  }): Promise<StabilityResponse> {
    const query = new URLSearchParams({
      entityRef: request.entityRef,
      environment: request.environment,
    });
    if (request.version) query.set('version', request.version);
    return this.request<StabilityResponse>(`/stability?${query}`);
  }

  async getReleasePicker(request: {
    system: string;
    environment?: string;
  }): Promise<ReleasePickerResponse> {
    const query = new URLSearchParams({ system: request.system });
    if (request.environment) query.set('environment', request.environment);
    return this.request<ReleasePickerResponse>(`/products/picker?${query}`);
  }

  async getDoraMetrics(request: {
    entityRef?: string;
    system?: string;
    from?: string;
    to?: string;
    environment?: string;
    bucket?: 'day' | 'week';
  }): Promise<DoraResponse> {
    const query = new URLSearchParams();
    // Only the fields given: the backend defaults the others.
    for (const key of [
      'entityRef',
      'system',
      'from',
      'to',
      'environment',
      'bucket',
    ] as const) {
      const value = request[key];
      if (value !== undefined) query.set(key, value);
    }
    return this.request<DoraResponse>(`/dora?${query}`);
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
