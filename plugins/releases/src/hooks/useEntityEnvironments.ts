import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { usePromotionChanges } from './usePromotionChanges';

/**
 * What an entity runs in each environment; `retry` reloads. Reloads by
 * itself when the backend signals that a promotion of the entity ended.
 */
export function useEntityEnvironments(entityRef: string) {
  const releasesApi = useApi(releasesApiRef);
  const changes = usePromotionChanges({
    entityRefs: [entityRef],
    terminalOnly: true,
  });
  return useAsyncRetry(
    () => releasesApi.getEnvironments(entityRef),
    [releasesApi, entityRef, changes],
  );
}
