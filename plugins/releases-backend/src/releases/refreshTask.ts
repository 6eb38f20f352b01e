import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { RELEASES_GIT_REPO_ANNOTATION } from '@releases-for-backstage/plugin-releases-common';
import { ReleaseStateService, releaseSourceOf } from './ReleaseStateService';
import type { PromotionService } from '../promotions/PromotionService';
import { stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Re-reads every annotated entity from Git. Run by the scheduler, which
 * spreads it over backend instances through the database.
 */
export async function refreshAllEntities(options: {
  catalog: CatalogService;
  auth: AuthService;
  state: ReleaseStateService;
  logger: LoggerService;
  allowLocalRepositories: boolean;
  /** When given, environment branches are synced into the recorded state too. */
  promotions?: PromotionService;
}): Promise<{ refreshed: number; failed: number }> {
  const { catalog, auth, state, logger } = options;
  const credentials = await auth.getOwnServiceCredentials();
  let refreshed = 0;
  let failed = 0;
  for await (const page of catalog.streamEntities(
    {
      filter: {
        [`metadata.annotations.${RELEASES_GIT_REPO_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata', 'spec.type', 'spec.system'],
    },
    { credentials },
  )) {
    for (const entity of page) {
      try {
        const snapshot = await state.refresh(
          releaseSourceOf(entity, {
            allowLocalRepositories: options.allowLocalRepositories,
          }),
        );
        if (snapshot.error) failed++;
        else refreshed++;
        if (options.promotions) {
          const target = await options.promotions
            .target(stringifyEntityRef(entity), credentials)
            .catch(() => undefined); // no environment repository: nothing to sync
          if (target) await options.promotions.syncEnvironments(target);
        }
      } catch (error) {
        failed++;
        logger.warn(`Skipping releases refresh: ${(error as Error).message}`);
      }
    }
  }
  logger.info(`Releases refreshed for ${refreshed} entities, ${failed} failed`);
  return { refreshed, failed };
}
