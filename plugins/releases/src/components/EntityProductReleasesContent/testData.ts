// Answers of the product promotion API for the tests of the System's
// Releases tab.
import type {
  ProductEnvironmentsResponse,
  ProductPromotion,
} from '@releases-for-backstage/plugin-releases-common';
import type { ProductReleasesResponse } from '@releases-for-backstage/plugin-releases-react';

const system = 'system:default/shop';

export const productReleases: ProductReleasesResponse = {
  system,
  releases: [
    {
      tag: 'v2.2.0',
      version: '2.2.0',
      sha: '2222222aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      date: '2026-11-30T10:00:00Z',
      manifest: {
        product: 'shop',
        version: '2.2.0',
        components: {
          cart: { version: '1.5.0', tag: 'v1.5.0' },
          checkout: { version: '3.0.0', tag: 'v3.0.0' },
        },
      },
    },
    {
      tag: 'v2.1.0',
      version: '2.1.0',
      sha: '2111111bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      date: '2026-11-20T10:00:00Z',
      manifest: {
        product: 'shop',
        version: '2.1.0',
        components: {
          cart: { version: '1.4.0', tag: 'v1.4.0' },
          checkout: { version: '3.0.0', tag: 'v3.0.0' },
        },
      },
    },
  ],
  skipped: [],
};

export const productEnvironments: ProductEnvironmentsResponse = {
  system,
  environments: [
    {
      environment: 'dev',
      product: null,
      mixed: true,
      components: [
        {
          component: 'cart',
          entityRef: 'component:default/cart',
          version: 'WIP',
        },
        {
          component: 'checkout',
          entityRef: 'component:default/checkout',
          version: 'WIP',
        },
      ],
    },
    {
      environment: 'qa',
      product: { version: '2.1.0', tag: 'v2.1.0' },
      mixed: false,
      components: [
        {
          component: 'cart',
          entityRef: 'component:default/cart',
          version: 'v1.4.0-rc.1',
        },
        {
          component: 'checkout',
          entityRef: 'component:default/checkout',
          version: 'v3.0.0-rc.1',
        },
      ],
    },
    {
      environment: 'prod',
      product: null,
      mixed: false,
      components: [
        {
          component: 'cart',
          entityRef: 'component:default/cart',
          version: null,
        },
        {
          component: 'checkout',
          entityRef: 'component:default/checkout',
          version: null,
        },
      ],
    },
  ],
};

export function productPromotion(
  overrides: Partial<ProductPromotion> = {},
): ProductPromotion {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    system,
    version: '2.2.0',
    tag: 'v2.2.0',
    environment: 'qa',
    state: 'active',
    createdBy: 'user:default/ada',
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    reason: null,
    commit: null,
    revertCommit: null,
    members: [
      {
        component: 'cart',
        entityRef: 'component:default/cart',
        promotionId: 'p-cart',
        manifestVersion: '1.5.0',
        version: 'v1.5.0-rc.1',
        previousVersion: 'v1.4.0-rc.1',
        state: 'waiting-for-gates',
        reason: null,
      },
    ],
    skipped: [
      {
        component: 'checkout',
        version: 'v3.0.0-rc.1',
        reason: 'qa runs v3.0.0-rc.1 already',
      },
    ],
    ...overrides,
  };
}
