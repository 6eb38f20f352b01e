import type {
  Release,
  UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';

/** What one Git read of an entity produced. */
export interface EntityReleaseSnapshot {
  entityRef: string;
  repo: string;
  tagPrefix: string;
  preset: string;
  refreshedAt: string;
  headSha: string | null;
  /** Null when the read failed; `error` says why. */
  unreleased: Omit<
    UnreleasedChangesResponse,
    'entityRef' | 'refreshedAt'
  > | null;
  error: string | null;
  releases: Release[];
}

export interface EntityReleaseState
  extends Omit<EntityReleaseSnapshot, 'releases'> {}

/** Persistence of release state; `DatabaseReleasesStore` is the knex one. */
export interface ReleasesStore {
  /** Replaces the state of an entity in one transaction. */
  saveSnapshot(snapshot: EntityReleaseSnapshot): Promise<void>;
  getState(entityRef: string): Promise<EntityReleaseState | undefined>;
  /** Releases of an entity, newest first. */
  listReleases(entityRef: string): Promise<Release[]>;
}
