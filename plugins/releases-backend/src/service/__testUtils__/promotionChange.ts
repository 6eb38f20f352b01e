import type { PromotionChange } from '../../notify/PromotionChannel';

/** A promotion of cart to prod as the notifier sees it, with overrides. */
export function promotionChange(
  overrides: Partial<PromotionChange> = {},
): PromotionChange {
  return {
    id: '6f1c1f9e-2b51-4d6e-9d0a-3c1b2a4e5f60',
    entityRef: 'component:default/cart',
    environment: 'prod',
    requestedVersion: '1.4.0',
    version: 'v1.4.0',
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    createdTag: 'v1.4.0',
    previousVersion: 'v1.3.0',
    state: 'succeeded',
    rollback: false,
    idempotencyKey: null,
    createdBy: 'user:default/ann',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:05.000Z',
    reason: null,
    gates: [],
    verification: [],
    ...overrides,
  };
}
