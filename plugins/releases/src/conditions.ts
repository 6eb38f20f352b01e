import type { Entity } from '@backstage/catalog-model';
import { RELEASES_GIT_REPO_ANNOTATION } from '@releases-for-backstage/plugin-releases-common';

/**
 * True when the entity is set up for Releases, i.e. carries the
 * `releases-for-backstage.io/git-repo` annotation. Use it with
 * `EntitySwitch.Case` or the `if` prop of `EntityLayout.Route`.
 *
 * @public
 */
export function isReleasesAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[RELEASES_GIT_REPO_ANNOTATION]?.trim(),
  );
}

/**
 * True for System entities, which get the Environments tab (the versions
 * of their components per environment).
 *
 * @public
 */
export function isSystemEntity(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'system';
}
