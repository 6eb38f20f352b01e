import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EntityReleasesResponse,
  UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';

/**
 * Answer of `POST /api/releases/refresh`.
 *
 * @public
 */
export interface ReleasesRefreshResponse {
  entityRef: string;
  /** When the entity's repository was read from Git (ISO 8601). */
  refreshedAt: string;
}

/**
 * Client of the Releases backend (`/api/releases`).
 *
 * Every method takes a stringified entity reference such as
 * `component:default/cart` and rejects with a `ResponseError` (from
 * `@backstage/errors`) when the backend answers with an error: `404` for an
 * unknown entity or one without the `releases-for-backstage.io/git-repo`
 * annotation, `400` for a malformed reference.
 *
 * @public
 */
export interface ReleasesApi {
  /** Releases (semver tags) of the entity, newest first, with their changelogs. */
  getReleases(entityRef: string): Promise<EntityReleasesResponse>;
  /** Commits since the current release and the version they would produce. */
  getUnreleased(entityRef: string): Promise<UnreleasedChangesResponse>;
  /** Makes the backend re-read the entity's repository from Git now. */
  refresh(entityRef: string): Promise<ReleasesRefreshResponse>;
}

/**
 * Reference to the {@link ReleasesApi}.
 *
 * @public
 */
export const releasesApiRef = createApiRef<ReleasesApi>({
  id: 'plugin.releases.service',
});
