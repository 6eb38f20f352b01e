/*
 * Assembles the plugin from its configuration and the services Backstage
 * gives it: stores, Git access, the promotion service and engine with
 * their gates, executors and verifiers, notifications and the router's
 * guard. plugin.ts only wires this to the backend.
 */
import {
  resolveSafeChildPath,
  type AuditorService,
  type AuthService,
  type DatabaseService,
  type HttpAuthService,
  type LoggerService,
  type PermissionsService,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  RepositoryLocator,
  type PromotionExecutor,
  type PromotionGate,
  type PromotionVerifier,
} from '@releases-for-backstage/plugin-releases-node';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { readReleasesConfig, type ReleasesSettings } from './config';
import { DatabaseReleasesStore } from './database/DatabaseReleasesStore';
import {
  DatabasePromotionStore,
  type PromotionStore,
} from './database/PromotionStore';
import {
  DatabaseDeploymentStore,
  type DeploymentStore,
} from './database/DeploymentStore';
import { DatabaseAuditStore, type AuditStore } from './database/AuditStore';
import { RequestGuard } from './auth/RequestGuard';
import { ReleaseStateService } from './releases/ReleaseStateService';
import { PromotionService } from './promotions/PromotionService';
import { createEnvironmentPublisherFactory } from './service/environmentPublishers';
import {
  PromotionEngine,
  type ExecutionStep,
} from './promotions/PromotionEngine';
import { ApprovalGate } from './promotions/gates/ApprovalGate';
import { GitExecutor } from './promotions/executors/GitExecutor';
import type { Check } from './promotions/checks';
import { PromotionNotifier } from './notify/PromotionNotifier';
import { SignalsChannel } from './notify/SignalsChannel';
import { NotificationsChannel } from './notify/NotificationsChannel';
import { SlackChannel } from './notify/SlackChannel';

export interface ReleasesContextOptions {
  logger: LoggerService;
  config: RootConfigService;
  database: DatabaseService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  signals: SignalsService;
  notifications: NotificationService;
  /** Added through the extension points by backend modules. */
  executors: PromotionExecutor[];
  gates: PromotionGate[];
  verifiers: PromotionVerifier[];
  /** Crash tests stop the process between steps. */
  onStep?: (step: ExecutionStep, promotion: unknown) => void | Promise<void>;
}

export interface ReleasesContext {
  settings: ReleasesSettings;
  store: DatabaseReleasesStore;
  state: ReleaseStateService;
  promotionStore: PromotionStore;
  deploymentStore: DeploymentStore;
  auditStore: AuditStore;
  promotions: PromotionService;
  engine: PromotionEngine;
  guard: RequestGuard;
}

function uniqueIds(kind: string, items: Array<{ id: string }>) {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id))
      throw new Error(`Two ${kind} have the id '${id}'; ids must be unique`);
    seen.add(id);
  }
}

export async function buildReleasesContext(
  options: ReleasesContextOptions,
): Promise<ReleasesContext> {
  const { logger, config, database } = options;
  const settings = readReleasesConfig(config);
  const integrations = ScmIntegrations.fromConfig(config);
  const github =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const locator = new RepositoryLocator({
    cacheDir:
      settings.cacheDir ??
      resolveSafeChildPath(tmpdir(), 'backstage-releases-git'),
    baseDir: resolve(process.cwd()),
    fetchIntervalMs: settings.fetchIntervalMs,
    credentials: async url => {
      if (integrations.github.byUrl(url)) {
        const { token } = await github.getCredentials({ url });
        return token
          ? { username: 'x-access-token', password: token }
          : undefined;
      }
      const token = integrations.gitlab.byUrl(url)?.config.token;
      return token ? { username: 'oauth2', password: token } : undefined;
    },
  });

  const store = await DatabaseReleasesStore.create({ database });
  const state = new ReleaseStateService({ store, locator, logger });
  const db = await database.getClient();
  const promotionStore = new DatabasePromotionStore(db);
  const deploymentStore = new DatabaseDeploymentStore(db);
  const auditStore = new DatabaseAuditStore(db);
  const { slack } = settings.notifications;
  const notifier = new PromotionNotifier({
    logger,
    channels: [
      new SignalsChannel({ signals: options.signals }),
      new NotificationsChannel({
        notifications: options.notifications,
        alsoTo: settings.releaseManagers,
      }),
      ...(slack
        ? [new SlackChannel({ ...slack, appBaseUrl: settings.appBaseUrl })]
        : []),
    ],
  });
  const promotions = new PromotionService({
    store: promotionStore,
    deployments: deploymentStore,
    catalog: options.catalog,
    auth: options.auth,
    locator,
    logger,
    environments: settings.environments,
    allowLocalRepositories: settings.allowLocalRepositories,
    author: settings.author,
    allowSelfApproval: settings.approvals.allowSelfApproval,
    environmentPublisher: createEnvironmentPublisherFactory({
      integrations,
      githubCredentials: github,
      pullRequests: settings.environmentPullRequests,
    }),
    onChange: notifier.onChange,
  });

  const git = new GitExecutor({
    author: settings.author,
    target: async entityRef => {
      const target = await promotions.target(
        entityRef,
        await options.auth.getOwnServiceCredentials(),
      );
      return {
        repo: target.repo,
        environmentRepo: await promotions.environmentRepository(
          target.environmentRepo,
        ),
      };
    },
  });
  const executors = [git, ...options.executors];
  const gates: Check[] = [
    new ApprovalGate(settings.approvals),
    ...options.gates,
  ].map(g => ({ id: g.id, run: c => g.evaluate(c) }));
  const verifiers: Check[] = options.verifiers.map(v => ({
    id: v.id,
    run: c => v.verify(c),
  }));
  uniqueIds('executors', executors);
  uniqueIds('gates', gates);
  uniqueIds('verifiers', verifiers);

  const engine = new PromotionEngine({
    store: promotionStore,
    deployments: deploymentStore,
    service: promotions,
    auth: options.auth,
    locator,
    logger,
    author: settings.author,
    executors,
    gates,
    verifiers,
    settings: settings.environmentSettings,
    verificationTimeoutMs: settings.verificationTimeoutMs,
    refreshReleases: source => state.refresh(source),
    onChange: notifier.onChange,
    onStep: options.onStep,
  });

  const guard = new RequestGuard({
    httpAuth: options.httpAuth,
    auth: options.auth,
    permissions: options.permissions,
    auditor: options.auditor,
    allowServices: settings.allowServices,
  });
  return {
    settings,
    store,
    state,
    promotionStore,
    deploymentStore,
    auditStore,
    promotions,
    engine,
    guard,
  };
}
