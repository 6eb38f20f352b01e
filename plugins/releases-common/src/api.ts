/*
 * Shapes of the Releases REST API (`/api/releases`), shared by the backend,
 * the frontend client and the CLI's `--json` output.
 */
import type { Bump, Changelog, PresetName } from './types';

/** Annotation naming the Git repository of a component (local path or URL). */
export const RELEASES_GIT_REPO_ANNOTATION = 'releases-for-backstage.io/git-repo';
/** Optional annotation: tag prefix of the component's release tags (default `v`). */
export const RELEASES_TAG_PREFIX_ANNOTATION =
  'releases-for-backstage.io/tag-prefix';
/** Optional annotation: commit convention preset (`conventionalcommits` or `angular`). */
export const RELEASES_PRESET_ANNOTATION = 'releases-for-backstage.io/preset';
/** Optional annotation: web URL of the repository, used for commit links. */
export const RELEASES_REPO_URL_ANNOTATION = 'releases-for-backstage.io/repo-url';

/** Quality channel of a release; assigned from measured quality in a later stage. */
export type ReleaseChannel = 'alpha' | 'beta' | 'stable';

/** One release (a semver tag) of an entity. */
export interface Release {
  /** Tag name, e.g. `v1.4.0` or `cart-v1.4.0-rc.2`. */
  tag: string;
  /** Semantic version without prefix, e.g. `1.4.0`. */
  version: string;
  /** True for prereleases such as `1.4.0-rc.2`. */
  prerelease: boolean;
  /** Commit the tag points at. */
  sha: string;
  /** ISO 8601 date of the tag (tagger date, or commit date of a lightweight tag). */
  date: string;
  /** Quality channel; `null` until quality is measured. */
  channel: ReleaseChannel | null;
  /** Changes since the previous release (the previous non-prerelease for a final release). */
  changelog: Changelog;
}

/** `GET /api/releases/releases?entityRef=...` */
export interface EntityReleasesResponse {
  entityRef: string;
  /** Repository location as given by the annotation. */
  repo: string;
  tagPrefix: string;
  preset: PresetName;
  /** When the state was last read from Git (ISO 8601). */
  refreshedAt: string;
  /** Newest first. */
  releases: Release[];
}

/** `GET /api/releases/unreleased?entityRef=...` */
export interface UnreleasedChangesResponse {
  entityRef: string;
  /** Version of the newest release tag reachable from the head, or `null`. */
  current: string | null;
  currentTag: string | null;
  /** Next version the unreleased commits produce, or `null` when nothing releases. */
  next: string | null;
  bump: Bump | null;
  /** Number of commits since the current release. */
  commits: number;
  /** Commit the head of the repository points at. */
  headSha: string;
  changelog: Changelog;
  refreshedAt: string;
}
