import type { Entity } from '@backstage/catalog-model';
import type {
  Changelog,
  EntityReleasesResponse,
  EnvironmentStatus,
  EnvironmentsResponse,
  MatrixResponse,
  Promotion,
  PromotionState,
  Release,
} from '@releases-for-backstage/plugin-releases-common';
import { entityRef } from './releases';

export const systemEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-a' },
};

export const systemRef = 'system:default/shop';

export const runUrl = 'https://ci.example.com/shop/cart/runs/42';

function status(
  environment: string,
  type: EnvironmentStatus['type'],
  deployed: Partial<EnvironmentStatus> = {},
): EnvironmentStatus {
  return {
    environment,
    type,
    description: null,
    version: null,
    sha: null,
    since: null,
    by: null,
    status: null,
    runUrl: null,
    promotionId: null,
    ...deployed,
  };
}

/**
 * cart in the default environments: staging lags behind qa (drift), canary
 * is being deployed and the last deployment to prod failed.
 */
export const environmentsResponse: EnvironmentsResponse = {
  entityRef,
  environments: [
    status('dev', 'dev', {
      description: 'Branch heads, rebuilt on every merge',
      version: 'WIP',
      sha: 'aaaaaaa1111111111111111111111111111111111',
      since: '2026-11-20T08:00:00.000Z',
      by: 'user:default/ada',
      status: 'deployed',
    }),
    status('qa', 'qa', {
      description: 'Release candidates under test',
      version: 'v1.5.0-rc.1',
      sha: 'eeeeeee5555555555555555555555555555555555',
      since: '2026-11-19T08:00:00.000Z',
      by: 'user:default/grace',
      status: 'deployed',
      runUrl,
      promotionId: 'p-qa',
    }),
    status('staging', 'staging', {
      version: 'v1.4.0-rc.2',
      sha: 'bbbbbbb2222222222222222222222222222222222',
      since: '2026-11-12T08:00:00.000Z',
      by: 'user:default/ada',
      status: 'deployed',
    }),
    status('canary', 'prod', {
      version: 'v1.4.0',
      sha: 'bbbbbbb2222222222222222222222222222222222',
      since: '2026-11-20T09:00:00.000Z',
      by: 'releases:engine',
      status: 'deploying',
    }),
    status('prod', 'prod', {
      description: 'Production',
      version: 'v1.4.0',
      sha: 'bbbbbbb2222222222222222222222222222222222',
      since: '2026-11-20T09:30:00.000Z',
      by: 'user:default/ada',
      status: 'failed',
    }),
  ],
};

export const emptyEnvironmentsResponse: EnvironmentsResponse = {
  entityRef,
  environments: environmentsResponse.environments.map(e =>
    status(e.environment, e.type, { description: e.description }),
  ),
};

function changelog(
  version: string,
  previousVersion: string | null,
  entries: Array<{
    sha: string;
    id: 'features' | 'fixes';
    description: string;
  }>,
): Changelog {
  const titles = { features: 'Features', fixes: 'Bug fixes' } as const;
  const sections = (['features', 'fixes'] as const)
    .map(id => ({
      id,
      title: titles[id],
      entries: entries
        .filter(e => e.id === id)
        .map(e => ({
          sha: e.sha.padEnd(40, e.sha[0]),
          shortSha: e.sha.slice(0, 7),
          type: id === 'features' ? 'feat' : 'fix',
          scope: null,
          description: e.description,
          authorName: 'Ada',
          date: '2026-11-01T09:00:00.000Z',
        })),
    }))
    .filter(s => s.entries.length > 0);
  return { version, previousVersion, date: null, sections };
}

function release(tag: string, date: string, log: Changelog): Release {
  const version = tag.slice(1);
  return {
    tag,
    version,
    prerelease: version.includes('-'),
    sha: `${tag}`.padEnd(40, '0'),
    date,
    channel: null,
    changelog: log,
  };
}

const giftCards = {
  sha: 'b000002',
  id: 'features',
  description: 'pay with gift cards',
} as const;
const rounding = {
  sha: 'a000001',
  id: 'fixes',
  description: 'round totals to cents',
} as const;

/**
 * Release history of cart: 1.3.0, two candidates of 1.4.0 and its final
 * release (whose changelog repeats both candidates), then a candidate of
 * 1.5.0. Newest first, as the backend sends it.
 */
export const promotionReleasesResponse: EntityReleasesResponse = {
  entityRef,
  repo: '/repos/cart',
  tagPrefix: 'v',
  preset: 'conventionalcommits',
  refreshedAt: '2026-11-20T10:00:00.000Z',
  releases: [
    release(
      'v1.5.0-rc.1',
      '2026-11-19T07:00:00.000Z',
      changelog('1.5.0-rc.1', '1.4.0', [
        { sha: 'e000005', id: 'features', description: 'saved carts' },
      ]),
    ),
    release(
      'v1.4.0',
      '2026-11-15T07:00:00.000Z',
      changelog('1.4.0', '1.3.0', [giftCards, rounding]),
    ),
    release(
      'v1.4.0-rc.2',
      '2026-11-12T07:00:00.000Z',
      changelog('1.4.0-rc.2', '1.4.0-rc.1', [giftCards]),
    ),
    release(
      'v1.4.0-rc.1',
      '2026-11-10T07:00:00.000Z',
      changelog('1.4.0-rc.1', '1.3.0', [rounding]),
    ),
    release(
      'v1.3.0',
      '2026-11-01T07:00:00.000Z',
      changelog('1.3.0', null, [
        { sha: 'c000003', id: 'features', description: 'first checkout' },
      ]),
    ),
  ],
};

const EVENT_REASONS: Partial<Record<PromotionState, string>> = {
  approved: 'no gates apply',
  verifying: 'tagged v1.6.0-rc.1; environment/qa at 0123456789ab',
};

/** A promotion at `state`, with one event per state it went through. */
export function promotionAt(
  state: PromotionState,
  overrides: Partial<Promotion> = {},
): Promotion {
  const path: PromotionState[] = [
    'requested',
    'approved',
    'executing',
    'verifying',
  ];
  const through =
    state === 'succeeded'
      ? [...path, 'succeeded' as const]
      : [...path.slice(0, Math.max(path.indexOf(state), 0) + 1)];
  if (!path.includes(state) && state !== 'succeeded') through.push(state);
  const events = through.map((s, i) => ({
    at: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(),
    state: s,
    actor: i === 0 ? 'user:default/ada' : 'releases:engine',
    reason: EVENT_REASONS[s] ?? null,
  }));
  return {
    id: 'p-1',
    entityRef,
    environment: 'qa',
    requestedVersion: null,
    version: 'v1.6.0-rc.1',
    sha: 'fffffff6666666666666666666666666666666666',
    createdTag: state === 'succeeded' ? 'v1.6.0-rc.1' : null,
    previousVersion: 'v1.5.0-rc.1',
    state,
    rollback: false,
    idempotencyKey: 'key',
    createdBy: 'user:default/ada',
    createdAt: events[0].at,
    updatedAt: events[events.length - 1].at,
    reason: null,
    gates: [],
    verification: [],
    events,
    ...overrides,
  };
}

export const historyItems: Promotion[] = [
  promotionAt('succeeded', {
    id: 'p-qa',
    version: 'v1.5.0-rc.1',
    createdTag: 'v1.5.0-rc.1',
    createdBy: 'user:default/grace',
  }),
  promotionAt('failed', {
    id: 'p-prod',
    environment: 'prod',
    version: 'v1.4.0',
    reason: 'executor deploy-hook failed: timeout',
  }),
];

export const matrixResponse: MatrixResponse = {
  system: systemRef,
  environments: ['dev', 'qa', 'staging', 'prod'],
  rows: [
    {
      entityRef,
      title: 'cart',
      cells: {
        dev: status('dev', 'dev', { version: 'WIP', status: 'deployed' }),
        qa: status('qa', 'qa', { version: 'v1.5.0-rc.1', status: 'deployed' }),
        staging: status('staging', 'staging', {
          version: 'v1.4.0-rc.2',
          status: 'deployed',
        }),
        prod: status('prod', 'prod', { version: 'v1.3.0', status: 'deployed' }),
      },
    },
    {
      entityRef: 'component:default/checkout',
      title: 'Checkout',
      cells: {
        dev: status('dev', 'dev', { version: 'WIP', status: 'deployed' }),
        qa: status('qa', 'qa', { version: 'v2.1.0-rc.3', status: 'deploying' }),
        staging: status('staging', 'staging', {
          version: 'v2.1.0-rc.3',
          status: 'deployed',
        }),
        prod: status('prod', 'prod', { version: 'v2.1.0', status: 'failed' }),
      },
    },
    {
      entityRef: 'component:default/search',
      title: 'search',
      cells: {
        dev: status('dev', 'dev'),
        qa: status('qa', 'qa'),
        staging: status('staging', 'staging'),
        prod: status('prod', 'prod'),
      },
    },
  ],
};
