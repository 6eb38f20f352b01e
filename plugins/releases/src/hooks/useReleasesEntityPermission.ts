import { stringifyEntityRef } from '@backstage/catalog-model';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
import { useEntityPermission } from '@backstage/plugin-catalog-react/alpha';

/** A permission as `useEntityPermission` takes it (the type lives in a package we do not depend on). */
type EntityPermission = Parameters<typeof useEntityPermission>[0];

export interface ReleasesEntityPermission {
  loading: boolean;
  allowed: boolean;
  error?: Error;
}

/**
 * Whether the user holds a resource permission of the Releases plugin
 * (`releases.release.bless`, `releases.promotion.override`, ...) on
 * `entityRef`, the way {@link usePromotionApprovePermission} asks for
 * approvals: only to decide whether to offer an action, which the backend
 * checks again. Valid only inside an `EntityProvider` of `entityRef`; for
 * another entity it answers "not allowed".
 *
 * Call it only where the action could be offered: without a permission
 * API in the app, asking throws.
 */
export function useReleasesEntityPermission(
  permission: EntityPermission,
  entityRef: string,
): ReleasesEntityPermission {
  const { entity } = useAsyncEntity();
  const result = useEntityPermission(permission);
  // Entity references compare case-insensitively.
  if (
    entity &&
    stringifyEntityRef(entity).toLocaleLowerCase('en-US') !==
      entityRef.toLocaleLowerCase('en-US')
  ) {
    return { loading: false, allowed: false };
  }
  return result;
}
