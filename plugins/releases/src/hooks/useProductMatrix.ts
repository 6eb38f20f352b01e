import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import useAsync from 'react-use/esm/useAsync';
import { usePromotionChanges } from './usePromotionChanges';

/**
 * The product matrix of a system. Reloads by itself when the backend
 * signals that a promotion of one of its components ended.
 */
export function useProductMatrix(systemRef: string) {
  const releasesApi = useApi(releasesApiRef);
  // The components of the last matrix read: their signals matter.
  const [components, setComponents] = useState<string[]>([]);
  const changes = usePromotionChanges({
    entityRefs: components,
    terminalOnly: true,
  });
  return useAsync(async () => {
    const matrix = await releasesApi.getMatrix(systemRef);
    setComponents(matrix.rows.map(row => row.entityRef));
    return matrix;
  }, [releasesApi, systemRef, changes]);
}
