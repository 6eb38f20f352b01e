import {
  coreServices,
  createBackendPlugin,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { ScmIntegrations, DefaultGithubCredentialsProvider } from '@backstage/integration';
import { releasesPermissions } from '@releases-for-backstage/plugin-releases-common';
import {
  RepositoryLocator,
  releasesExecutorsExtensionPoint,
  type PromotionExecutor,
} from '@releases-for-backstage/plugin-releases-node';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { DatabaseReleasesStore } from './database/DatabaseReleasesStore';
import { PromotionStore } from './database/PromotionStore';
import { ReleaseStateService } from './service/ReleaseStateService';
import { PromotionService } from './service/PromotionService';
import { createRouter } from './service/router';
import { refreshAllEntities } from './service/refreshTask';
import { readReleasesConfig } from './config';
import { createEnvironmentPublisherFactory } from './service/environmentPublishers';
import { PromotionNotifier } from './service/notify/PromotionNotifier';
import { SignalsChannel } from './service/notify/SignalsChannel';
import { NotificationsChannel } from './service/notify/NotificationsChannel';
import { SlackChannel } from './service/notify/SlackChannel';

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
    env.registerExtensionPoint(releasesExecutorsExtensionPoint, {
      addExecutor(...added) {
        executors.push(...added);
      },
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
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { logger, config, database, httpRouter, scheduler } = deps;
        const settings = readReleasesConfig(config);
        deps.permissionsRegistry.addPermissions(releasesPermissions);

        const integrations = ScmIntegrations.fromConfig(config);
        const github = DefaultGithubCredentialsProvider.fromIntegrations(integrations);
        const locator = new RepositoryLocator({
          cacheDir:
            settings.cacheDir ?? resolveSafeChildPath(tmpdir(), 'backstage-releases-git'),
          baseDir: resolve(process.cwd()),
          fetchIntervalMs: settings.fetchIntervalMs,
          credentials: async url => {
            if (integrations.github.byUrl(url)) {
              const { token } = await github.getCredentials({ url });
              return token ? { username: 'x-access-token', password: token } : undefined;
            }
            const token = integrations.gitlab.byUrl(url)?.config.token;
            return token ? { username: 'oauth2', password: token } : undefined;
          },
        });

        const store = await DatabaseReleasesStore.create({ database });
        const state = new ReleaseStateService({ store, locator, logger });
        const promotionStore = new PromotionStore(await database.getClient());
        const { slack } = settings.notifications;
        const notifier = new PromotionNotifier({
          logger,
          channels: [
            new SignalsChannel({ signals: deps.signals }),
            new NotificationsChannel({ notifications: deps.notifications, alsoTo: settings.releaseManagers }),
            ...(slack ? [new SlackChannel({ ...slack, appBaseUrl: settings.appBaseUrl })] : []),
          ],
        });
        const promotions = new PromotionService({
          store: promotionStore,
          catalog: deps.catalog,
          auth: deps.auth,
          locator,
          logger,
          environments: settings.environments,
          allowLocalRepositories: settings.allowLocalRepositories,
          author: settings.author,
          executors,
          approvalEnvironments: settings.approvals.environments,
          allowSelfApproval: settings.approvals.allowSelfApproval,
          environmentPublisher: createEnvironmentPublisherFactory({
            integrations,
            githubCredentials: github,
            pullRequests: settings.environmentPullRequests,
          }),
          onChange: notifier.onChange,
          refreshReleases: source => state.refresh(source),
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
              await promotions.runPending();
            } while (kickedDuringPass);
          },
        });

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            auth: deps.auth,
            catalog: deps.catalog,
            store,
            state,
            allowLocalRepositories: settings.allowLocalRepositories,
            promotions: {
              store: promotionStore,
              service: promotions,
              kick: () => {
                kickedDuringPass = true;
                scheduler.triggerTask(PROMOTIONS_TASK).catch(() => {
                  // Already running: it picks the new promotion up on its next pass.
                });
              },
            },
            jira: settings.jira,
          }),
        );
        // Jira calls without Backstage credentials; the route checks its signature.
        httpRouter.addAuthPolicy({ path: '/webhooks/jira', allow: 'unauthenticated' });
      },
    });
  },
});
