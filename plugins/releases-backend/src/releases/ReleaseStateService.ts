import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  RELEASES_GIT_REPO_ANNOTATION,
  RELEASES_PRESET_ANNOTATION,
  RELEASES_REPO_URL_ANNOTATION,
  RELEASES_TAG_PREFIX_ANNOTATION,
  getPreset,
} from '@releases-for-backstage/plugin-releases-common';
import {
  RepositoryLocator,
  isRemoteLocation,
  readReleases,
  readUnreleased,
} from '@releases-for-backstage/plugin-releases-node';
import type {
  EntityReleaseSnapshot,
  ReleasesStore,
} from '../database/ReleasesStore';

/** How an entity's annotations say its releases are read. */
export interface EntityReleaseSource {
  entityRef: string;
  repo: string;
  tagPrefix: string;
  preset: string;
  repoUrl?: string;
}

/**
 * Reads an entity's release source from its annotations; throws a 404 for
 * entities that are not set up and a 400 for invalid settings.
 */
export function releaseSourceOf(
  entity: Entity,
  options: { allowLocalRepositories: boolean },
): EntityReleaseSource {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const repo = annotations[RELEASES_GIT_REPO_ANNOTATION];
  if (!repo) {
    throw new NotFoundError(
      `Entity ${entityRef} has no ${RELEASES_GIT_REPO_ANNOTATION} annotation`,
    );
  }
  if (!isRemoteLocation(repo) && !options.allowLocalRepositories) {
    throw new InputError(
      `Entity ${entityRef} names a local repository path, which this backend does not allow (set releases.git.dangerouslyAllowLocalRepositories)`,
    );
  }
  const preset =
    annotations[RELEASES_PRESET_ANNOTATION] ?? 'conventionalcommits';
  try {
    getPreset(preset);
  } catch (error) {
    throw new InputError(
      `Entity ${entityRef} has an invalid ${RELEASES_PRESET_ANNOTATION} annotation: ${
        (error as Error).message
      }`,
    );
  }
  const tagPrefix = annotations[RELEASES_TAG_PREFIX_ANNOTATION] ?? 'v';
  if (!/^[\w./-]*$/.test(tagPrefix) || tagPrefix.includes('..')) {
    throw new InputError(
      `Entity ${entityRef} has an invalid ${RELEASES_TAG_PREFIX_ANNOTATION} annotation '${tagPrefix}'`,
    );
  }
  return {
    entityRef,
    repo,
    tagPrefix,
    preset,
    repoUrl: annotations[RELEASES_REPO_URL_ANNOTATION],
  };
}

/**
 * Reads release state from Git and stores it. Reads of the same entity are
 * coalesced so the refresh job and on-demand reads never run twice at once.
 */
export class ReleaseStateService {
  private readonly inFlight = new Map<string, Promise<EntityReleaseSnapshot>>();

  constructor(
    private readonly options: {
      store: ReleasesStore;
      locator: RepositoryLocator;
      logger: LoggerService;
    },
  ) {}

  refresh(source: EntityReleaseSource): Promise<EntityReleaseSnapshot> {
    const pending = this.inFlight.get(source.entityRef);
    if (pending) return pending;
    const work = this.read(source)
      .then(async snapshot => {
        await this.options.store.saveSnapshot(snapshot);
        return snapshot;
      })
      .finally(() => this.inFlight.delete(source.entityRef));
    this.inFlight.set(source.entityRef, work);
    return work;
  }

  private async read(
    source: EntityReleaseSource,
  ): Promise<EntityReleaseSnapshot> {
    const refreshedAt = new Date().toISOString();
    const base = {
      entityRef: source.entityRef,
      repo: source.repo,
      tagPrefix: source.tagPrefix,
      preset: source.preset,
      refreshedAt,
    };
    try {
      const repo = await this.options.locator.open(source.repo);
      const rules = {
        tagPrefix: source.tagPrefix,
        preset: source.preset,
        repoUrl: source.repoUrl,
      };
      const unreleased = await readUnreleased(repo, rules);
      const releases = await readReleases(repo, rules);
      return {
        ...base,
        headSha: unreleased.headSha,
        unreleased: {
          current: unreleased.current,
          currentTag: unreleased.currentTag,
          next: unreleased.next,
          bump: unreleased.bump,
          commits: unreleased.commits,
          headSha: unreleased.headSha,
          changelog: unreleased.changelog,
        },
        error: null,
        releases,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn(
        `Could not read releases of ${source.entityRef} from ${source.repo}: ${message}`,
      );
      return {
        ...base,
        headSha: null,
        unreleased: null,
        error: message,
        releases: [],
      };
    }
  }
}
