import type {
  BlessedRelease,
  ChangeRisk,
  PromotionVotesResponse,
  RiskResponse,
  TestResult,
  Vote,
  WindowStatus,
} from '@releases-for-backstage/plugin-releases-common';
import { entityRef } from './releases';

export const openWindow: WindowStatus = {
  open: true,
  reason: 'no release window applies',
  window: null,
  changesAt: null,
  opensAt: null,
  votesOpenAt: null,
  frozen: false,
};

/** Closed until Monday 08:00 in Berlin (07:00 UTC); votes open at 06:00 there. */
export const closedWindow: WindowStatus = {
  open: false,
  reason: 'outside window weekday-mornings',
  window: 'weekday-mornings',
  changesAt: '2026-11-23T07:00:00.000Z',
  opensAt: '2026-11-23T07:00:00.000Z',
  votesOpenAt: '2026-11-23T05:00:00.000Z',
  frozen: false,
};

export const frozenWindow: WindowStatus = {
  open: false,
  reason: 'system:default/shop is frozen',
  window: null,
  changesAt: null,
  opensAt: null,
  votesOpenAt: null,
  frozen: true,
};

/** A medium change from the SCM with unknown coverage: #12 of the unreleased commits. */
export const mediumChange: ChangeRisk = {
  id: '#12',
  title: 'saved carts',
  commits: ['7777777aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  level: 'medium',
  points: 6,
  labels: {
    component: { value: 'L', source: 'scm' },
    change: { value: 'M', source: 'git' },
    functional: { value: true, source: 'pipeline' },
  },
  unknown: ['ft-coverage', 'feature-toggle'],
  contributions: [
    { label: 'component', value: 'L', points: 2 },
    { label: 'change', value: 'M', points: 1 },
    { label: 'ft-coverage', value: null, countedAs: 0, points: 2 },
    { label: 'functional', value: true, points: 1 },
    { label: 'feature-toggle', value: null, points: 0 },
  ],
  reasons: [
    'component L: +2',
    'change M: +1',
    'coverage unknown: counted as 0%: +2',
    'functional: +1',
    '6 points: medium (medium from 4, high from 8)',
  ],
  hardRule: null,
};

/** A high change that a hard rule decided: the breaking one of the unreleased commits. */
export const highChange: ChangeRisk = {
  id: '8888888bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  title: 'drop the v1 cart endpoint',
  commits: ['8888888bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
  level: 'high',
  points: 5,
  labels: {
    component: { value: 'XL', source: 'scm' },
    change: { value: 'L', source: 'git' },
    'ft-coverage': { value: 40, source: 'pipeline' },
    functional: { value: true, source: 'scm' },
    'feature-toggle': { value: false, source: 'pipeline' },
  },
  unknown: [],
  contributions: [
    { label: 'component', value: 'XL', points: 3 },
    { label: 'change', value: 'L', points: 2 },
    { label: 'ft-coverage', value: 40, points: 1 },
    { label: 'functional', value: true, points: 1 },
    { label: 'feature-toggle', value: false, points: 0 },
  ],
  reasons: [
    'component XL: +3',
    'change L: +2',
    'coverage 40%: +1',
    'functional: +1',
    '7 points: medium (medium from 4, high from 8)',
    'hard rule big-core-change: a large change of a core component: raised to high',
  ],
  hardRule: 'big-core-change',
};

export const lowChange: ChangeRisk = {
  ...mediumChange,
  id: '#9',
  title: 'pay with gift cards',
  commits: ['2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
  level: 'low',
  points: 2,
};

export function riskOf(
  version: string | null,
  changes: ChangeRisk[],
): RiskResponse {
  const order = ['low', 'medium', 'high'] as const;
  const level = changes.reduce<(typeof order)[number]>(
    (max, c) => (order.indexOf(c.level) > order.indexOf(max) ? c.level : max),
    'low',
  );
  return { entityRef, version, level, changes };
}

export const smokePassed: TestResult = {
  id: 'r-1',
  entityRef,
  version: '1.4.0',
  environment: 'qa',
  kind: 'smoke',
  status: 'passed',
  toggle: null,
  url: 'https://ci.example.com/cart/smoke/7',
  summary: '12 checks passed',
  reportedBy: 'user:default/ci',
  reportedAt: '2026-11-18T10:00:00.000Z',
};

export const integrationFailed: TestResult = {
  id: 'r-2',
  entityRef,
  version: '1.4.0',
  environment: null,
  kind: 'integration',
  status: 'failed',
  toggle: 'on',
  url: null,
  summary: 'checkout flow times out',
  reportedBy: 'user:default/ci',
  reportedAt: '2026-11-18T11:00:00.000Z',
};

export function blessedRelease(
  version: string,
  overrides: Partial<BlessedRelease> = {},
): BlessedRelease {
  return {
    entityRef,
    version,
    blessed: true,
    reason: 'promotion p-prod passed its results and votes',
    by: 'releases:engine',
    at: '2026-11-18T12:00:00.000Z',
    ...overrides,
  };
}

export function voteOf(overrides: Partial<Vote>): Vote {
  return {
    id: 'v-1',
    promotionId: 'p-1',
    role: 'qa-lead',
    decision: 'go',
    reason: 'smoke is green',
    voter: 'user:default/grace',
    version: 'v1.6.0',
    environment: 'prod',
    castAt: '2026-11-20T10:00:00.000Z',
    void: false,
    ...overrides,
  };
}

/** Votes of p-1: qa-lead said go, product-owner said no-go, ops has not voted. */
export const votesResponse: PromotionVotesResponse = {
  promotionId: 'p-1',
  roles: [
    { role: 'qa-lead', groups: ['group:default/qa'], mayVote: true },
    { role: 'product-owner', groups: ['group:default/po'], mayVote: false },
    { role: 'ops', groups: ['group:default/ops'], mayVote: true },
  ],
  votes: [
    voteOf({}),
    voteOf({
      id: 'v-2',
      role: 'product-owner',
      decision: 'no-go',
      reason: 'checkout errors in staging',
      voter: 'user:default/ada',
      castAt: '2026-11-20T10:05:00.000Z',
    }),
    voteOf({
      id: 'v-0',
      role: 'ops',
      decision: 'go',
      reason: 'capacity ok',
      voter: 'user:default/linus',
      version: 'v1.6.0-rc.1',
      castAt: '2026-11-19T10:00:00.000Z',
      void: true,
    }),
  ],
};
