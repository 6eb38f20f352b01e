/*
 * The scheduled SLO evaluation: what runs in each soak environment, for
 * every component that declares SLOs, read from the metrics source over
 * the last interval. The scheduler runs it once across instances.
 */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { releaseSourceOf } from '../releases/ReleaseStateService';
import { RELEASES_SLO_FILE_ANNOTATION, type SloService } from './SloService';

export async function evaluateSoakingEntities(options: {
  catalog: CatalogService;
  auth: AuthService;
  slo: SloService;
  logger: LoggerService;
  allowLocalRepositories: boolean;
  now?: Date;
}): Promise<{ evaluated: number; skipped: number; failed: number }> {
  const { catalog, auth, slo, logger } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const interval = slo.settings.intervalMinutes * 60_000;
  // Windows end on the interval's boundary, so two instances (or a retry)
  // evaluate the same window and the store keeps one.
  const end = new Date(
    Math.floor((options.now ?? new Date()).getTime() / interval) * interval,
  );
  let evaluated = 0;
  let skipped = 0;
  let failed = 0;
  for await (const page of catalog.streamEntities(
    {
      filter: {
        kind: 'Component',
        [`metadata.annotations.${RELEASES_SLO_FILE_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
    },
    { credentials },
  )) {
    for (const entity of page) {
      for (const environment of slo.settings.environments) {
        try {
          const ref = `component:${entity.metadata.namespace ?? 'default'}/${
            entity.metadata.name
          }`;
          // Nothing runs there: nothing to judge.
          if (!(await slo.running(ref, environment))) {
            skipped++;
            continue;
          }
          const source = releaseSourceOf(entity, {
            allowLocalRepositories: options.allowLocalRepositories,
          });
          const { created } = await slo.evaluate(entity, source, {
            environment,
            reportedBy: 'releases-backend',
            windowEnd: end.toISOString(),
            windowStart: new Date(end.getTime() - interval).toISOString(),
          });
          if (created) evaluated++;
          else skipped++;
        } catch (error) {
          failed++;
          logger.warn(
            `SLO evaluation of ${
              entity.metadata.name
            } in ${environment} failed: ${(error as Error).message}`,
          );
        }
      }
    }
  }
  logger.info(
    `SLO evaluations: ${evaluated} new, ${skipped} already done, ${failed} failed`,
  );
  return { evaluated, skipped, failed };
}
