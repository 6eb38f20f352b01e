import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** What an entity runs in each environment; `retry` reloads. */
export function useEntityEnvironments(entityRef: string) {
  const releasesApi = useApi(releasesApiRef);
  return useAsyncRetry(
    () => releasesApi.getEnvironments(entityRef),
    [releasesApi, entityRef],
  );
}
