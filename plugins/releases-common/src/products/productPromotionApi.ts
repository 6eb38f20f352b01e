/*
 * Shapes of the product promotion API: one promotion that moves every
 * component of a product release into one environment, in one commit of
 * the environment branch, all or nothing.
 */
import type { PromotionState } from '../promotions/stateMachine';

/** What a product promotion is doing, from its components' promotions. */
export type ProductPromotionState =
  /** Gates, execution or verification still running for some component. */
  | 'active'
  /** Every component runs its version of the product release. */
  | 'succeeded'
  /** A component could not go; nothing was written. */
  | 'rejected'
  /** Someone aborted it before anything was written. */
  | 'aborted'
  /** The environment commit was undone after a failure. */
  | 'rolling-back'
  | 'rolled-back'
  /** It failed, and putting the previous versions back failed too. */
  | 'failed';

/** One component of a product promotion: an ordinary promotion of its own. */
export interface ProductPromotionMember {
  /** `cart`, the name in the manifest. */
  component: string;
  entityRef: string;
  promotionId: string;
  /** The manifest's version (`1.5.0`). */
  manifestVersion: string;
  /** What the environment gets by the component's rules (`v1.5.0-rc.2` in qa). */
  version: string | null;
  previousVersion: string | null;
  state: PromotionState;
  reason: string | null;
}

export interface ProductPromotion {
  id: string;
  /** `system:default/shop` */
  system: string;
  /** The product release's version (`2.2.0`) and tag (`v2.2.0`). */
  version: string;
  tag: string;
  environment: string;
  state: ProductPromotionState;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Why it stopped, was rolled back or failed. */
  reason: string | null;
  /** The one environment commit that moved every component. */
  commit: string | null;
  /** The one commit that put the previous versions back, after a failure. */
  revertCommit: string | null;
  members: ProductPromotionMember[];
  /** Components already at their version in the environment. */
  skipped: { component: string; version: string; reason: string }[];
}

/** Body of `POST /products/promotions`. */
export interface CreateProductPromotionRequest {
  system: string;
  /** The product release, as version (`2.2.0`) or tag (`v2.2.0`). */
  version: string;
  environment: string;
  reason?: string;
  idempotencyKey?: string;
}

/** Answer of `GET /products/promotions`. */
export interface ProductPromotionsResponse {
  items: ProductPromotion[];
}

/** What one environment runs, as a product version. */
export interface ProductEnvironment {
  environment: string;
  /** The product release whose manifest matches every component, newest first; null when none does. */
  product: { version: string; tag: string } | null;
  /** True when components run versions that match no product release. */
  mixed: boolean;
  components: {
    component: string;
    entityRef: string;
    /** The tag the environment runs (`v1.5.0-rc.2`, `WIP`), or null. */
    version: string | null;
  }[];
}

/** Answer of `GET /products/environments`. */
export interface ProductEnvironmentsResponse {
  system: string;
  environments: ProductEnvironment[];
}
