import { parseEntityRef } from '@backstage/catalog-model';
import type { PromotionState } from '@releases-for-backstage/plugin-releases-common';
import type { PromotionChange } from './PromotionChannel';

const STATE_TEXT: Record<PromotionState, string> = {
  requested: 'requested',
  'waiting-for-gates': 'waiting for gates',
  approved: 'approved',
  executing: 'executing',
  verifying: 'verifying',
  'rolling-back': 'rolling back',
  succeeded: 'succeeded',
  failed: 'failed',
  'rolled-back': 'rolled back',
  rejected: 'rejected',
  aborted: 'aborted',
};

/** Path of the entity's Promotion tab in the portal, e.g. `/catalog/default/component/cart/promotion`. */
export function promotionTabPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  // Entity routes use the lower-cased kind and namespace, like entityRouteParams.
  return `/catalog/${encodeURIComponent(
    namespace.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/promotion`;
}

/** One line for people: `cart: v1.4.0 to prod succeeded`. */
export function promotionTitle(p: PromotionChange): string {
  const { name } = parseEntityRef(p.entityRef);
  const what = p.rollback
    ? `rollback${p.version ? ` to ${p.version}` : ''} in ${p.environment}`
    : `${p.version ?? p.requestedVersion ?? 'next version'} to ${
        p.environment
      }`;
  return `${name}: ${what} ${STATE_TEXT[p.state]}`;
}

/** The reason of the last step, and who asked for the promotion. */
export function promotionDescription(p: PromotionChange): string {
  return p.reason
    ? `${p.reason} (requested by ${p.createdBy})`
    : `Requested by ${p.createdBy}`;
}
