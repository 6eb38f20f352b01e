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
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
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
import {
  DatabaseJudgementStore,
  type JudgementStore,
} from './database/JudgementStore';
import type { StoredPromotion } from './database/promotionRows';
import { readJudgementSettings } from './judgement/settings';
import { RiskService } from './judgement/RiskService';
import { RiskGates } from './judgement/riskGates';
import { VoteService } from './judgement/votes';
import { WindowService } from './judgement/windows';
import { BlessingService } from './judgement/blessing';
import { DefaultScmLabelReader } from './changes/scm';
import { releaseSourceOf } from './releases/ReleaseStateService';
import { HotfixService } from './hotfix/HotfixService';
import { HotfixStore } from './hotfix/HotfixStore';
import { ProductService } from './products/ProductService';
import { ProductPromotionService } from './products/ProductPromotionService';
import { ProductPromotionRunner } from './products/ProductPromotionRunner';
import { ProductPromotionStore } from './database/ProductPromotionStore';
import { DatabasePipelineStore } from './pipelines/PipelineStore';
import { PipelineService } from './pipelines/PipelineService';
import { readPipelineSettings } from './pipelines/settings';
import { SloStore } from './slo/SloStore';
import { SloService } from './slo/SloService';
import { readSloSettings } from './slo/settings';
import type { MetricsSources } from './slo/MetricsSources';

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
  userInfo?: UserInfoService;
  /** Added through the extension points by backend modules. */
  metricsSources?: MetricsSources;
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
  judgement: {
    store: JudgementStore;
    risk: RiskService;
    riskGates: RiskGates;
    votes: VoteService;
    windows: WindowService;
  };
  hotfixes: HotfixService;
  products: ProductService;
  productPromotions: ProductPromotionService;
  pipelines: PipelineService;
  /** SLO evaluations, stability scores and the release picker. */
  slo: SloService;
  /** An entity read with the plugin's own credentials. */
  entityOf: (entityRef: string) => Promise<Entity>;
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
  const judgementStore = new DatabaseJudgementStore(db);
  const judgementSettings = readJudgementSettings(
    config,
    settings.environments.map(e => e.name),
  );
  const sourceOf = async (entityRef: string) => {
    const entity = await options.catalog.getEntityByRef(entityRef, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
    if (!entity)
      throw new Error(`Entity ${entityRef} not found in the catalog`);
    return releaseSourceOf(entity, {
      allowLocalRepositories: settings.allowLocalRepositories,
    });
  };
  const risk = new RiskService({
    locator,
    store: judgementStore,
    settings: judgementSettings.risk,
    logger,
    scm: new DefaultScmLabelReader({
      integrations,
      githubCredentials: github,
    }),
  });
  const riskGates = new RiskGates({
    settings: judgementSettings.risk,
    risk,
    store: judgementStore,
    sourceOf,
  });
  const votes = new VoteService({
    settings: judgementSettings.votes,
    store: judgementStore,
    catalog: options.catalog,
    auth: options.auth,
    userInfo: options.userInfo,
  });
  const windows = new WindowService({
    windows: judgementSettings.windows,
    store: judgementStore,
    catalog: options.catalog,
    auth: options.auth,
    overrideOf: id => judgementStore.overrideOf(id),
  });
  const pipelines = new PipelineService({
    store: new DatabasePipelineStore(db),
    risk,
    locator,
    settings: readPipelineSettings(
      config,
      settings.environments.map(e => e.name),
    ),
    sourceOf,
  });
  const blessing = new BlessingService({
    store: judgementStore,
    votes,
    locator,
    sourceOf,
    logger,
  });
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
  // Set once the promotion service it needs exists (below).
  const hotfixRef: { current?: HotfixService } = {};
  const onChange = async (p: StoredPromotion) => {
    await notifier.onChange(p);
    await blessing.onChange(p);
    // A hotfix that succeeded in one production environment goes on to the next.
    await hotfixRef.current
      ?.onChange(p)
      .catch(error =>
        logger.warn(
          `Hotfix ${p.version} of ${p.entityRef} not proposed beyond ${p.environment}: ${error}`,
        ),
      );
  };
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
    onChange: onChange,
    blessedVersions: async entityRef =>
      new Set(
        (await judgementStore.blessings(entityRef))
          .filter(b => b.blessed)
          .map(b => b.version),
      ),
    reportedSchema: async (entityRef, tag) =>
      pipelines.reportedSchema(await sourceOf(entityRef), tag),
  });

  const hotfixes = new HotfixService({
    store: new HotfixStore(db),
    promotions,
    locator,
    auth: options.auth,
    logger,
    author: settings.author,
  });
  hotfixRef.current = hotfixes;
  const products = new ProductService({
    db,
    locator,
    state,
    catalog: options.catalog,
    auth: options.auth,
    logger,
    allowLocalRepositories: settings.allowLocalRepositories,
    author: settings.author,
  });

  const productPromotionStore = new ProductPromotionStore(db);
  const productPromotions = new ProductPromotionService({
    store: productPromotionStore,
    promotions,
    products,
    locator,
    onCreated: async id => {
      const p = await promotionStore.get(id);
      if (p) await onChange(p);
    },
  });

  const git = new GitExecutor({
    author: settings.author,
    trailers: execution =>
      votes.trailers({
        entityRef: execution.entityRef,
        environment: execution.environment.name,
        version: execution.version,
        rollback: execution.rollback,
      }),
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
  const releaseManagers = settings.releaseManagers.map(g =>
    g.toLocaleLowerCase('en-US'),
  );
  const gates: Check[] = [
    new ApprovalGate({
      ...settings.approvals,
      approvalNeeded: c => riskGates.approvalNeeded(c),
      isReleaseManager: async actor => {
        const groups = await votes.groupsOfUser(actor);
        return releaseManagers.some(g => groups.has(g));
      },
    }),
    ...riskGates.gates(),
    votes.gate(),
    windows.gate(),
    blessing.gate(),
    pipelines.gate(),
    ...options.gates,
  ].map(g => ({ id: g.id, run: c => g.evaluate(c) }));
  const sloStore = new SloStore(db);
  const slo = new SloService({
    store: sloStore,
    locator,
    logger,
    settings: readSloSettings(config, settings.environments),
    sourceById: id =>
      options.metricsSources?.has(id)
        ? options.metricsSources.get(id)
        : undefined,
    running: (entityRef, environment) =>
      deploymentStore.stateOf(entityRef, environment),
    results: async (entityRef, version) =>
      (await judgementStore.results(entityRef, { version })).map(r => ({
        kind: r.kind,
        status: r.status,
        at: r.reportedAt,
      })),
  });
  const entityOf = async (entityRef: string) => {
    const entity = await options.catalog.getEntityByRef(entityRef, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
    if (!entity)
      throw new Error(`Entity ${entityRef} not found in the catalog`);
    return entity;
  };
  const verifiers: Check[] = [
    slo.verifier(entityOf, entity =>
      releaseSourceOf(entity, {
        allowLocalRepositories: settings.allowLocalRepositories,
      }),
    ),
    ...options.verifiers,
  ].map(v => ({
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
    products: new ProductPromotionRunner({
      store: productPromotionStore,
      service: promotions,
      auth: options.auth,
      author: settings.author,
    }),
    refreshReleases: source => state.refresh(source),
    onChange,
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
    judgement: {
      store: judgementStore,
      risk,
      riskGates,
      votes,
      windows,
    },
    hotfixes,
    products,
    productPromotions,
    pipelines,
    slo,
    entityOf,
  };
}
