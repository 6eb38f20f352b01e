import type { ReleasesApi } from '@releases-for-backstage/plugin-releases-react';
import {
  environmentsResponse,
  historyItems,
  matrixResponse,
} from './environments';
import { openWindow } from './judgement';
import { entityRef, releasesResponse, unreleasedResponse } from './releases';

/**
 * A {@link ReleasesApi} of jest mocks answering with the fixtures; pass
 * overrides for what a test is about.
 */
export function mockReleasesApi(
  overrides: Partial<jest.Mocked<ReleasesApi>> = {},
): jest.Mocked<ReleasesApi> {
  return {
    getReleases: jest.fn().mockResolvedValue(releasesResponse),
    getUnreleased: jest.fn().mockResolvedValue(unreleasedResponse),
    refresh: jest
      .fn()
      .mockResolvedValue({ entityRef, refreshedAt: '2026-11-20T11:00:00Z' }),
    createPromotion: jest.fn().mockRejectedValue(new Error('not mocked')),
    getPromotion: jest.fn().mockRejectedValue(new Error('not mocked')),
    listPromotions: jest.fn().mockResolvedValue({ items: historyItems }),
    abortPromotion: jest.fn().mockRejectedValue(new Error('not mocked')),
    approvePromotion: jest.fn().mockRejectedValue(new Error('not mocked')),
    rejectPromotion: jest.fn().mockRejectedValue(new Error('not mocked')),
    getEnvironments: jest.fn().mockResolvedValue(environmentsResponse),
    getMatrix: jest.fn().mockResolvedValue(matrixResponse),
    getAudit: jest.fn().mockResolvedValue({ items: [] }),
    // Judgement: nothing risky, no results, votes, freezes or blessings,
    // and an open window, so pages look as they did before judgement.
    getRisk: jest.fn(async request => ({
      entityRef: request.entityRef,
      version: request.version ?? null,
      level: 'low' as const,
      changes: [],
    })),
    listResults: jest.fn(async request => ({
      entityRef: request.entityRef,
      results: [],
    })),
    getVotes: jest.fn(async promotionId => ({
      promotionId,
      roles: [],
      votes: [],
    })),
    castVote: jest.fn().mockRejectedValue(new Error('not mocked')),
    castProductVote: jest.fn().mockRejectedValue(new Error('not mocked')),
    getSloEvaluations: jest.fn(async request => ({
      entityRef: request.entityRef,
      environment: request.environment,
      definition: null,
      evaluations: [],
      budgets: [],
      links: {},
    })),
    getStability: jest.fn(async request => ({
      entityRef: request.entityRef,
      environment: request.environment,
      version: null,
      since: null,
      score: null,
      passed: false,
      channel: null,
      soaked: 0,
      intervals: { due: 0, measured: 0, failed: 0 },
      parts: { evaluations: null, results: null },
      reasons: ['nothing measured yet'],
    })),
    getReleasePicker: jest.fn().mockRejectedValue(new Error('not mocked')),
    getDoraMetrics: jest.fn().mockRejectedValue(new Error('not mocked')),
    getWindowStatus: jest.fn().mockResolvedValue(openWindow),
    listFreezes: jest.fn().mockResolvedValue({ freezes: [] }),
    freeze: jest.fn().mockRejectedValue(new Error('not mocked')),
    liftFreeze: jest.fn().mockRejectedValue(new Error('not mocked')),
    listBlessed: jest.fn().mockResolvedValue({ releases: [] }),
    unbless: jest.fn().mockRejectedValue(new Error('not mocked')),
    createHotfix: jest.fn().mockRejectedValue(new Error('not mocked')),
    listHotfixes: jest.fn().mockResolvedValue({ hotfixes: [] }),
    // Products: each test of the Releases tab of systems says what it reads.
    listProductReleases: jest.fn().mockRejectedValue(new Error('not mocked')),
    getNextProductRelease: jest.fn().mockRejectedValue(new Error('not mocked')),
    cutProductRelease: jest.fn().mockRejectedValue(new Error('not mocked')),
    promoteProductRelease: jest.fn().mockRejectedValue(new Error('not mocked')),
    listProductPromotions: jest.fn().mockResolvedValue({ items: [] }),
    getProductPromotion: jest.fn().mockRejectedValue(new Error('not mocked')),
    getProductEnvironments: jest
      .fn()
      .mockRejectedValue(new Error('not mocked')),
    // Pipelines: nothing reported, no chart version.
    getPipelineTrace: jest.fn(async (ref: string, version: string) => ({
      entityRef: ref,
      version,
      stages: [],
      chartVersion: null,
      schema: null,
    })),
    ...overrides,
  };
}
