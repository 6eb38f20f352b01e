import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { RELEASES_GIT_REPO_ANNOTATION } from '@releases-for-backstage/plugin-releases-common';

/**
 * Reads an entity with the caller's credentials, so catalog permissions
 * decide who may see its releases: unknown (or hidden) is 404, an entity
 * of another kind is 400 naming the kind. `setUp` requires a component
 * with the releases annotation.
 */
export async function loadEntity(
  catalog: CatalogService,
  entityRef: string,
  credentials: BackstageCredentials,
  options: { kind: 'Component' | 'System'; setUp?: boolean },
): Promise<Entity> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity)
    throw new NotFoundError(`Entity ${entityRef} not found in the catalog`);
  if (
    entity.kind.toLocaleLowerCase('en-US') !==
    options.kind.toLocaleLowerCase('en-US')
  ) {
    throw new InputError(
      `${entityRef} is a ${entity.kind}; this takes a ${options.kind}`,
    );
  }
  if (
    options.setUp &&
    !entity.metadata.annotations?.[RELEASES_GIT_REPO_ANNOTATION]
  ) {
    throw new InputError(
      `${entityRef} is not set up for releases: it has no ${RELEASES_GIT_REPO_ANNOTATION} annotation`,
    );
  }
  return entity;
}
