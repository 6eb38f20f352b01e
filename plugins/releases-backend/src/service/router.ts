import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { NotFoundError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  releasesRefreshPermission,
  type EntityReleasesResponse,
  type UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';
import type { ReleasesStore } from '../database/ReleasesStore';
import {
  ReleaseStateService,
  releaseSourceOf,
} from '../releases/ReleaseStateService';
import type { PromotionStore } from '../database/PromotionStore';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { AuditStore } from '../database/AuditStore';
import type { PromotionService } from '../promotions/PromotionService';
import type { PromotionEngine } from '../promotions/PromotionEngine';
import { addPromotionRoutes } from '../promotions/routes';
import { addEnvironmentRoutes } from '../environments/routes';
import { addDeploymentRoutes } from '../deployments/routes';
import { addAuditRoutes } from '../audit/routes';
import { addJudgementRoutes } from '../judgement/routes';
import { addHotfixRoutes } from '../hotfix/routes';
import type { HotfixService } from '../hotfix/HotfixService';
import { addProductRoutes } from '../products/routes';
import type { ProductService } from '../products/ProductService';
import type { ProductPromotionService } from '../products/ProductPromotionService';
import { addPipelineRoutes } from '../pipelines/routes';
import type { PipelineService } from '../pipelines/PipelineService';
import { addDoraRoutes } from '../dora/routes';
import { addSloRoutes } from '../slo/routes';
import { SloService } from '../slo/SloService';
import type { DoraService } from '../dora/DoraService';
import type { JudgementStore } from '../database/JudgementStore';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import { toBackstageError } from '../errors/toBackstageError';
import { addJiraWebhookRoute } from './jiraWebhook';
import type { JiraSettings } from '../config';
import { entityRefSchema, parseInput } from './validation';

export interface RouterOptions {
  logger: LoggerService;
  /** Authorization and audit of every mutating route. */
  guard: RequestGuard;
  /** For the Jira webhook, which has no Backstage caller. */
  auditor: AuditorService;
  /** The plugin's own credentials, for promotions triggered by Jira. */
  auth: AuthService;
  catalog: CatalogService;
  store: ReleasesStore;
  state: ReleaseStateService;
  allowLocalRepositories: boolean;
  promotions: {
    store: PromotionStore;
    deployments: DeploymentStore;
    audit: AuditStore;
    service: PromotionService;
    engine: PromotionEngine;
    kick: () => void;
  };
  /** The Jira trigger; without it `POST /webhooks/jira` answers 404. */
  jira?: JiraSettings;
  judgement: Omit<
    Parameters<typeof addJudgementRoutes>[1],
    | 'guard'
    | 'catalog'
    | 'promotions'
    | 'service'
    | 'engine'
    | 'kick'
    | 'allowLocalRepositories'
    | 'judgement'
    | 'productPromotions'
  > & { store: JudgementStore };
  /** Cutting and listing hotfixes. */
  hotfixes: HotfixService;
  /** Reading and cutting product releases of Systems. */
  products: ProductService;
  /** Promoting product releases (optional in tests of other routes). */
  productPromotions?: ProductPromotionService;
  /** Pipeline traces reported per version. */
  pipelines: PipelineService;
  /** DORA metrics of components and products. */
  dora: DoraService;
  /** SLO evaluations, stability and the release picker (optional in tests of other routes). */
  slo?: SloService;
}

export const entityQuery = z.object({ entityRef: entityRefSchema }).strict();
export const refreshBody = z.object({ entityRef: entityRefSchema }).strict();

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { guard, catalog, store, state } = options;
  const router = Router();
  // Before the JSON parser: the webhook's signature is over the raw body.
  addJiraWebhookRoute(router, {
    jira: options.jira,
    auth: options.auth,
    auditor: options.auditor,
    service: options.promotions.service,
    kick: options.promotions.kick,
  });
  router.use(express.json({ limit: '64kb' }));

  /** Loads the entity with the caller's credentials, so catalog permissions apply. */
  async function sourceFor(req: express.Request, entityRef: string) {
    const { catalogCredentials: credentials } = await guard.credentials(req);
    const entity = await loadEntity(catalog, entityRef, credentials, {
      kind: 'Component',
    });
    return releaseSourceOf(entity, {
      allowLocalRepositories: options.allowLocalRepositories,
    });
  }

  /** State as stored; read from Git first when missing or set up differently. */
  async function currentState(req: express.Request, entityRef: string) {
    const source = await sourceFor(req, entityRef);
    let stored = await store.getState(entityRef);
    if (
      !stored ||
      stored.repo !== source.repo ||
      stored.tagPrefix !== source.tagPrefix ||
      stored.preset !== source.preset
    ) {
      await state.refresh(source);
      stored = await store.getState(entityRef);
    }
    if (!stored) {
      throw new NotFoundError(`No release state for ${entityRef}`);
    }
    if (stored.error) {
      throw new NotFoundError(
        `Releases of ${entityRef} could not be read: ${stored.error}`,
      );
    }
    return stored;
  }

  router.get('/releases', async (req, res) => {
    const { entityRef } = parseInput(entityQuery, req.query, 'query');
    const stored = await currentState(req, entityRef);
    const body: EntityReleasesResponse = {
      entityRef,
      repo: stored.repo,
      tagPrefix: stored.tagPrefix,
      preset: stored.preset as EntityReleasesResponse['preset'],
      refreshedAt: stored.refreshedAt,
      releases: await store.listReleases(entityRef),
    };
    res.json(body);
  });

  router.get('/unreleased', async (req, res) => {
    const { entityRef } = parseInput(entityQuery, req.query, 'query');
    const stored = await currentState(req, entityRef);
    const body: UnreleasedChangesResponse = {
      entityRef,
      ...stored.unreleased!,
      refreshedAt: stored.refreshedAt,
    };
    res.json(body);
  });

  router.post('/refresh', async (req, res) => {
    const { entityRef } = parseInput(refreshBody, req.body, 'request body');
    await guard.authorize(req, {
      permission: releasesRefreshPermission,
    });
    await guard.audited(
      req,
      'entity-refresh',
      { entityRef },
      async () => {
        const source = await sourceFor(req, entityRef);
        const snapshot = await state.refresh(source);
        if (snapshot.error) {
          throw new NotFoundError(
            `Releases of ${entityRef} could not be read: ${snapshot.error}`,
          );
        }
        res.json({ entityRef, refreshedAt: snapshot.refreshedAt });
      },
      'low',
    );
  });

  const {
    store: promotionStore,
    deployments,
    audit,
    service,
    engine,
    kick,
  } = options.promotions;
  addPromotionRoutes(router, {
    guard,
    catalog,
    store: promotionStore,
    service,
    engine,
    kick,
    setOverride: (p, o) => options.judgement.store.setOverride(p, o),
  });
  addEnvironmentRoutes(router, {
    guard,
    catalog,
    store: deployments,
    service,
  });
  addDeploymentRoutes(router, {
    guard,
    catalog,
    store: deployments,
    service,
  });
  addAuditRoutes(router, { guard, catalog, store: audit });
  addJudgementRoutes(router, {
    ...options.judgement,
    judgement: options.judgement.store,
    guard,
    catalog,
    promotions: promotionStore,
    service,
    engine,
    kick,
    productPromotions: options.productPromotions,
    allowLocalRepositories: options.allowLocalRepositories,
  });
  addHotfixRoutes(router, {
    guard,
    catalog,
    hotfixes: options.hotfixes,
    allowLocalRepositories: options.allowLocalRepositories,
    kick,
  });
  addProductRoutes(router, {
    guard,
    catalog,
    products: options.products,
    productPromotions: options.productPromotions,
    allowLocalRepositories: options.allowLocalRepositories,
    kick,
    picker: options.slo && {
      slo: options.slo,
      releasesOf: entityRef => store.listReleases(entityRef),
      environments: options.promotions.service.environments,
      declaring: async (entityRefs, credentials) => {
        const { items } = await catalog.getEntitiesByRefs(
          { entityRefs, fields: ['kind', 'metadata'] },
          { credentials },
        );
        return new Set(
          items
            .filter((e): e is NonNullable<typeof e> =>
              Boolean(e && SloService.isDeclared(e)),
            )
            .map(e => stringifyEntityRef(e)),
        );
      },
    },
  });
  if (options.slo) {
    addSloRoutes(router, {
      guard,
      catalog,
      slo: options.slo,
      environments: options.promotions.service.environments.map(e => e.name),
      allowLocalRepositories: options.allowLocalRepositories,
    });
  }
  addPipelineRoutes(router, {
    guard,
    catalog,
    pipelines: options.pipelines,
    allowLocalRepositories: options.allowLocalRepositories,
    kick,
  });

  addDoraRoutes(router, {
    guard,
    catalog,
    dora: options.dora,
    // Only the System's name and ref select its components.
    componentsOf: (system, credentials) =>
      options.products.catalogComponents(
        {
          systemRef: stringifyEntityRef(system),
          name: system.metadata.name,
          repo: '',
          tagPrefix: '',
        },
        credentials,
      ),
    allowLocalRepositories: options.allowLocalRepositories,
  });

  // Git and SCM failures become Backstage errors before the error middleware sees them.
  router.use(
    (
      error: unknown,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      next(toBackstageError(error));
    },
  );

  return router;
}
