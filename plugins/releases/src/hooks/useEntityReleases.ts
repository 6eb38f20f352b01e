import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import type {
  EntityReleasesResponse,
  UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { usePromotionChanges } from './usePromotionChanges';

export interface EntityReleasesData {
  releases: EntityReleasesResponse;
  unreleased: UnreleasedChangesResponse;
}

export interface EntityReleasesState {
  /** Loaded data; kept while a reload is in progress. */
  value?: EntityReleasesData;
  loading: boolean;
  error?: Error;
  /** True while a refresh (re-read of Git) is running. */
  refreshing: boolean;
  refreshError?: Error;
  /** Asks the backend to re-read Git now, then reloads. */
  refresh: () => void;
  /** Reads the releases again (say, after a promotion made a tag). */
  reload: () => void;
}

/**
 * Releases and unreleased changes of one entity, with a refresh action.
 * Reloads when the backend signals that a promotion of the entity ended:
 * a promotion may have made a tag, so the releases and what is unreleased
 * changed.
 */
export function useEntityReleases(entityRef: string): EntityReleasesState {
  const releasesApi = useApi(releasesApiRef);
  const outcomes = usePromotionChanges({
    entityRefs: [entityRef],
    terminalOnly: true,
  });

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [releases, unreleased] = await Promise.all([
      releasesApi.getReleases(entityRef),
      releasesApi.getUnreleased(entityRef),
    ]);
    return { releases, unreleased };
  }, [releasesApi, entityRef, outcomes]);

  const [refreshState, doRefresh] = useAsyncFn(async () => {
    await releasesApi.refresh(entityRef);
    retry();
  }, [releasesApi, entityRef, retry]);

  return {
    value,
    loading,
    error,
    refreshing: refreshState.loading,
    refreshError: refreshState.error,
    refresh: () => {
      doRefresh();
    },
    reload: retry,
  };
}
