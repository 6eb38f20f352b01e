// Answers of the release picker and of the environments for the tests of
// the System's Release picker tab.
import type {
  ChangelogEntry,
  EnvironmentsResponse,
  ProductEnvironmentsResponse,
  ReleasePickerEntry,
  ReleasePickerResponse,
} from '@releases-for-backstage/plugin-releases-common';

const system = 'system:default/shop';
const cart = 'component:default/cart';
const checkout = 'component:default/checkout';

function entry(
  sha: string,
  type: string,
  description: string,
  extra: Partial<ChangelogEntry> = {},
): ChangelogEntry {
  return {
    sha: sha.padEnd(40, sha[0]),
    shortSha: sha.slice(0, 7),
    type,
    scope: null,
    description,
    authorName: 'Ada',
    date: '2026-11-25T09:00:00.000Z',
    ...extra,
  };
}

function release(
  version: string,
  fields: Partial<ReleasePickerEntry>,
): ReleasePickerEntry {
  return {
    version,
    tag: `v${version}`,
    date: '2026-11-28T10:00:00Z',
    score: null,
    passed: false,
    channel: null,
    risk: null,
    soaked: 0,
    components: [],
    adds: [],
    reasons: [],
    ...fields,
  };
}

/**
 * Ranked as the backend ranks them: 2.2.0 scores higher than the newer
 * 2.3.0, and the two that did not pass come last, the unmeasured one too.
 */
export const pickerResponse: ReleasePickerResponse = {
  system,
  environment: 'staging',
  prod: { version: '2.0.0', tag: 'v2.0.0' },
  releases: [
    release('2.2.0', {
      date: '2026-11-26T10:00:00Z',
      score: 96,
      passed: true,
      channel: 'stable',
      risk: 'low',
      soaked: 1,
      components: [
        {
          component: 'cart',
          entityRef: cart,
          version: '1.5.0',
          bump: 'minor',
          score: 96,
          channel: 'stable',
          judged: true,
        },
        {
          component: 'checkout',
          entityRef: checkout,
          version: '3.0.1',
          bump: 'patch',
          score: 98,
          channel: 'stable',
          judged: true,
        },
      ],
      adds: [
        {
          component: 'cart',
          entries: [
            entry('c000001', 'feat', 'pay with gift cards', { scope: 'pay' }),
          ],
        },
        {
          component: 'checkout',
          entries: [entry('d000001', 'fix', 'rounding of totals')],
        },
      ],
      reasons: ['every component soaked 24h in staging, lowest score 96'],
    }),
    release('2.3.0', {
      date: '2026-11-29T10:00:00Z',
      score: 91,
      passed: true,
      channel: 'beta',
      risk: 'medium',
      soaked: 0.75,
      components: [
        {
          component: 'cart',
          entityRef: cart,
          version: '1.6.0',
          bump: 'minor',
          score: 91,
          channel: 'beta',
          judged: true,
        },
        {
          component: 'search',
          entityRef: 'component:default/search',
          version: '0.9.0',
          bump: null,
          score: null,
          channel: null,
          judged: false,
        },
      ],
      adds: [],
      reasons: ['every component soaked long enough, lowest score 91'],
    }),
    release('2.4.0', {
      date: '2026-11-30T10:00:00Z',
      score: null,
      passed: false,
      channel: null,
      risk: 'high',
      soaked: 0.25,
      components: [
        {
          component: 'checkout',
          entityRef: checkout,
          version: '4.0.0',
          bump: 'major',
          score: null,
          channel: null,
          judged: true,
        },
      ],
      reasons: ['checkout 4.0.0 was not measured in staging yet'],
    }),
    release('2.1.0', {
      date: '2026-11-20T10:00:00Z',
      score: 62,
      passed: false,
      channel: 'alpha',
      risk: 'low',
      soaked: 1,
      reasons: ['cart 1.4.1 scored 62, below 90'],
    }),
  ],
};

function productEnvironment(environment: string) {
  return { environment, product: null, mixed: false, components: [] };
}

/** The product's environments, with a canary before prod. */
export const withCanary: ProductEnvironmentsResponse = {
  system,
  environments: ['dev', 'staging', 'canary', 'prod'].map(productEnvironment),
};

/** The product's environments without a canary: `live` is of type prod. */
export const withoutCanary: ProductEnvironmentsResponse = {
  system,
  environments: ['dev', 'staging', 'live'].map(productEnvironment),
};

/** The types of the environments without a canary, as a component sees them. */
export const componentEnvironments: EnvironmentsResponse = {
  entityRef: cart,
  environments: [
    ['dev', 'dev'],
    ['staging', 'staging'],
    ['live', 'prod'],
  ].map(([environment, type]) => ({
    environment,
    type: type as 'dev' | 'staging' | 'prod',
    description: null,
    version: null,
    sha: null,
    since: null,
    by: null,
    status: null,
    runUrl: null,
    promotionId: null,
  })),
};
