import { createRouteRef } from '@backstage/core-plugin-api';

/** Mount point of the Releases tab on entity pages. */
export const rootRouteRef = createRouteRef({
  id: 'releases',
});
