import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { releasesPermissions } from '@releases-for-backstage/plugin-releases-common';
import {
  releasesExecutorsExtensionPoint,
  releasesGatesExtensionPoint,
  releasesMetricsSourcesExtensionPoint,
  releasesVerifiersExtensionPoint,
  type PromotionExecutor,
  type PromotionGate,
  type PromotionVerifier,
} from '@releases-for-backstage/plugin-releases-node';
import { DefaultScmLabelReader } from './changes/scm';
import { buildReleasesContext } from './context';
import { createRouter } from './service/router';
import { refreshAllEntities } from './releases/refreshTask';
import { DoraService } from './dora/DoraService';
import { MetricsSources } from './slo/MetricsSources';
import { evaluateSoakingEntities } from './slo/schedule';

const PROMOTIONS_TASK = 'releases-promotions';

/**
 * The releases backend plugin: REST API under `/api/releases`, release
 * state cached in the plugin database and refreshed from Git on a schedule,
 * promotions executed by a scheduled task.
 *
 * @public
 */
export const releasesPlugin = createBackendPlugin({
  pluginId: 'releases',
  register(env) {
    const executors: PromotionExecutor[] = [];
    const gates: PromotionGate[] = [];
    const verifiers: PromotionVerifier[] = [];
    env.registerExtensionPoint(releasesExecutorsExtensionPoint, {
      addExecutor: (...added) => void executors.push(...added),
    });
    env.registerExtensionPoint(releasesGatesExtensionPoint, {
      addGate: (...added) => void gates.push(...added),
    });
    env.registerExtensionPoint(releasesVerifiersExtensionPoint, {
      addVerifier: (...added) => void verifiers.push(...added),
    });
    // Where SLO evaluations read indicator values (Prometheus, ...).
    const metricsSources = new MetricsSources();
    env.registerExtensionPoint(releasesMetricsSourcesExtensionPoint, {
      addMetricsSource: (...added) => metricsSources.add(...added),
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { logger, httpRouter, scheduler } = deps;
        deps.permissionsRegistry.addPermissions(releasesPermissions);
        const context = await buildReleasesContext({
          ...deps,
          metricsSources,
          executors,
          gates,
          verifiers,
        });
        const { settings, state, engine, promotions } = context;
        const integrations = ScmIntegrations.fromConfig(deps.config);
        context.hotfixes.readTargetsWith({
          integrations,
          reader: new DefaultScmLabelReader({
            integrations,
            githubCredentials:
              DefaultGithubCredentialsProvider.fromIntegrations(integrations),
            // A hotfix-to label just put on the pull request counts at once.
            cacheTtlMs: 0,
          }),
        });

        await scheduler.scheduleTask({
          id: 'releases-refresh',
          frequency: settings.refreshFrequency,
          timeout: settings.refreshTimeout,
          initialDelay: settings.refreshInitialDelay,
          fn: async () => {
            await refreshAllEntities({
              catalog: deps.catalog,
              auth: deps.auth,
              state,
              logger,
              allowLocalRepositories: settings.allowLocalRepositories,
              promotions,
            });
          },
        });

        // What runs where it soaks is evaluated every interval, so its
        // stability score has one evaluation per interval.
        // A source no module added is a mistake to see at start, not at the first evaluation.
        const sloSource = context.slo.settings.source;
        if (sloSource && !metricsSources.has(sloSource)) {
          throw new Error(
            `releases.slo.source: no metrics source '${sloSource}' is installed; installed: ${
              metricsSources
                .list()
                .map(m => `'${m.id}'`)
                .join(', ') ||
              'none (add a module such as releases-backend-module-prometheus)'
            }`,
          );
        }
        if (sloSource) {
          await scheduler.scheduleTask({
            id: 'releases-slo',
            frequency: { minutes: context.slo.settings.intervalMinutes },
            timeout: { minutes: 10 },
            initialDelay: { minutes: 1 },
            fn: async () => {
              await evaluateSoakingEntities({
                catalog: deps.catalog,
                auth: deps.auth,
                slo: context.slo,
                logger,
                allowLocalRepositories: settings.allowLocalRepositories,
              });
            },
          });
        }

        // Promotions outlive the request that created them: the scheduler
        // runs them (one instance at a time) and resumes any cut off by a crash.
        // A trigger while a pass runs is dropped by the scheduler, so a kick
        // mid-pass (say, an approval) asks the running pass for one more round.
        let kickedDuringPass = false;
        await scheduler.scheduleTask({
          id: PROMOTIONS_TASK,
          frequency: settings.promotionFrequency,
          // A killed backend holds the task until this runs out: keep it short.
          timeout: settings.promotionTimeout,
          fn: async () => {
            do {
              kickedDuringPass = false;
              await engine.runPending();
            } while (kickedDuringPass);
          },
        });

        httpRouter.use(
          await createRouter({
            logger,
            guard: context.guard,
            auditor: deps.auditor,
            auth: deps.auth,
            catalog: deps.catalog,
            store: context.store,
            state,
            allowLocalRepositories: settings.allowLocalRepositories,
            promotions: {
              store: context.promotionStore,
              deployments: context.deploymentStore,
              audit: context.auditStore,
              service: promotions,
              engine,
              kick: () => {
                kickedDuringPass = true;
                scheduler.triggerTask(PROMOTIONS_TASK).catch(() => {
                  // Already running: it picks the new promotion up on its next pass.
                });
              },
            },
            jira: settings.jira,
            judgement: context.judgement,
            hotfixes: context.hotfixes,
            products: context.products,
            productPromotions: context.productPromotions,
            pipelines: context.pipelines,
            slo: context.slo,
            dora: new DoraService({
              db: await deps.database.getClient(),
              releases: context.store,
              refresh: source => state.refresh(source),
              environments: settings.environments,
            }),
          }),
        );
        // Jira calls without Backstage credentials; the route checks its signature.
        httpRouter.addAuthPolicy({
          path: '/webhooks/jira',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
