import { useCallback } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

/** The Promotion tab's path on a component's page, as the app mounts it. */
export const PROMOTION_TAB_PATH = 'promotion';

/**
 * Builds the link to a component's Promotion tab: its entity page, as
 * `EntityRefLink` finds it through the catalog's entity route, and the tab.
 */
export function useComponentPromotionLink(): (entityRef: string) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (entityRef: string) =>
      `${entityRoute(
        entityRouteParams(entityRef, { encodeParams: true }),
      )}/${PROMOTION_TAB_PATH}`,
    [entityRoute],
  );
}
