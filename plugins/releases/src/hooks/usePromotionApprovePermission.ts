import { stringifyEntityRef } from '@backstage/catalog-model';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
import { useEntityPermission } from '@backstage/plugin-catalog-react/alpha';
import { releasesPromotionApprovePermission } from '@releases-for-backstage/plugin-releases-common';

export interface PromotionApprovePermission {
  loading: boolean;
  allowed: boolean;
  error?: Error;
}

/**
 * Whether the user may approve or reject promotions of `entityRef`
 * (`releases.promotion.approve` on the catalog entity). Only tells the UI
 * whether to offer the buttons: the backend checks the permission (and the
 * four-eyes rule) again on every approval and rejection.
 *
 * The check runs through `useEntityPermission` of
 * `@backstage/plugin-catalog-react/alpha`, a thin wrapper of `usePermission`
 * for the entity in context, because `@backstage/plugin-permission-react` is
 * not a dependency of this package. It is therefore only valid inside an
 * `EntityProvider` of `entityRef`; for another entity it answers "not
 * allowed" rather than asking about the wrong one.
 */
export function usePromotionApprovePermission(
  entityRef: string,
): PromotionApprovePermission {
  const { entity } = useAsyncEntity();
  const permission = useEntityPermission(releasesPromotionApprovePermission);
  // Entity references compare case-insensitively.
  if (
    entity &&
    stringifyEntityRef(entity).toLocaleLowerCase('en-US') !==
      entityRef.toLocaleLowerCase('en-US')
  ) {
    return { loading: false, allowed: false };
  }
  return permission;
}
