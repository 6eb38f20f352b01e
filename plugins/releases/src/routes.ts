import { createRouteRef } from '@backstage/core-plugin-api';

/** Mount point of the Releases tab on entity pages. */
export const rootRouteRef = createRouteRef({
  id: 'releases',
});

/** Mount point of the Promotion tab on entity pages. */
export const promotionRouteRef = createRouteRef({
  id: 'releases:promotion',
});

/** Mount point of the Environments tab (product matrix) on System pages. */
export const productMatrixRouteRef = createRouteRef({
  id: 'releases:product-matrix',
});
