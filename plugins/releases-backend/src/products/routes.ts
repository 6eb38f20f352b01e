/*
 * Routes of product releases: a System's product releases, the next one
 * with its bundled changelog, and cutting it (a person's action,
 * audited). Bad input is refused before anything is written.
 */
import type express from 'express';
import { z } from 'zod';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  releasesProductReleasePermission,
  releasesPromotionCreatePermission,
  type EnvironmentDefinition,
  type Release,
} from '@releases-for-backstage/plugin-releases-common';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import {
  entityRefSchema,
  environmentNameSchema,
  limitSchema,
  parseInput,
} from '../service/validation';
import type { ProductPromotionService } from './ProductPromotionService';
import { productSourceOf, type ProductService } from './ProductService';
import type { SloService } from '../slo/SloService';
import { pickReleases } from '../slo/ReleasePicker';

export const productQuery = z.object({ system: entityRefSchema }).strict();

export const productReleaseBody = z
  .object({
    system: entityRefSchema,
    // Left out, the computed next version is cut.
    version: z.string().min(1).max(255).optional(),
  })
  .strict();

export const productPromotionBody = z
  .object({
    system: entityRefSchema,
    version: z
      .string({ required_error: 'is required' })
      .min(1, 'is required')
      .max(255)
      .regex(/^[\w.+/-]+$/, 'must be a product version or tag'),
    environment: environmentNameSchema,
    reason: z.string().trim().min(1).max(1000).optional(),
    idempotencyKey: z.string().min(1).max(255).optional(),
  })
  .strict();

export const productPromotionsQuery = z
  .object({
    system: entityRefSchema,
    environment: environmentNameSchema.optional(),
    limit: limitSchema.optional(),
  })
  .strict();

export const pickerQuery = z
  .object({
    system: entityRefSchema,
    environment: environmentNameSchema.optional(),
  })
  .strict();

export function addProductRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    products: ProductService;
    productPromotions?: ProductPromotionService;
    allowLocalRepositories: boolean;
    /** Starts execution of queued promotions now. */
    kick?: () => void;
    /** For the release picker: stability scores and each component's releases. */
    picker?: {
      slo: SloService;
      releasesOf: (entityRef: string) => Promise<Release[]>;
      environments: readonly EnvironmentDefinition[];
      /** Which of these components declare SLOs. */
      declaring: (
        entityRefs: string[],
        credentials: BackstageCredentials,
      ) => Promise<Set<string>>;
    };
  },
) {
  const { guard, catalog, products, productPromotions } = options;

  async function sourceOf(req: express.Request, system: string) {
    const { catalogCredentials } = await guard.credentials(req);
    const entity = await loadEntity(catalog, system, catalogCredentials, {
      kind: 'System',
    });
    return {
      source: productSourceOf(entity, {
        allowLocalRepositories: options.allowLocalRepositories,
      }),
      catalogCredentials,
    };
  }

  router.get('/products/releases', async (req, res) => {
    const q = parseInput(productQuery, req.query, 'query');
    const { source } = await sourceOf(req, q.system);
    res.json(await products.releases(source));
  });

  router.get('/products/next', async (req, res) => {
    const q = parseInput(productQuery, req.query, 'query');
    const { source, catalogCredentials } = await sourceOf(req, q.system);
    res.json(await products.next(source, catalogCredentials));
  });

  router.post('/products/releases', async (req, res) => {
    const body = parseInput(productReleaseBody, req.body, 'request body');
    const { actor } = await guard.authorize(req, {
      permission: releasesProductReleasePermission,
    });
    const { source } = await sourceOf(req, body.system);
    const cut = await guard.audited(
      req,
      'product-release',
      { system: source.systemRef, version: body.version ?? null },
      () => products.cut({ source, version: body.version, actor }),
    );
    res.status(201).json(cut);
  });

  if (!productPromotions) return;

  // Each component is authorized as a promotion of its own would be.
  router.post('/products/promotions', async (req, res) => {
    const body = parseInput(productPromotionBody, req.body, 'request body');
    // The product first (a service is refused here, before anything is read),
    // then every component.
    const { actor, catalogCredentials } = await guard.authorize(req, {
      permission: releasesPromotionCreatePermission,
      resourceRef: body.system,
    });
    const { source } = await sourceOf(req, body.system);
    const result = await guard.audited(
      req,
      'product-promotion-create',
      {
        system: source.systemRef,
        environment: body.environment,
        version: body.version,
      },
      () =>
        productPromotions.create(
          source,
          body,
          actor,
          catalogCredentials,
          async entityRef => {
            await guard.authorize(req, {
              permission: releasesPromotionCreatePermission,
              resourceRef: entityRef,
            });
          },
        ),
    );
    if (result.created) options.kick?.();
    res.status(result.created ? 201 : 200).json(result.promotion);
  });

  router.get('/products/promotions', async (req, res) => {
    const q = parseInput(productPromotionsQuery, req.query, 'query');
    const { source } = await sourceOf(req, q.system);
    res.json({
      items: await productPromotions.list(source.systemRef, {
        environment: q.environment,
        limit: q.limit,
      }),
    });
  });

  router.get('/products/promotions/:id', async (req, res) => {
    const id = String(req.params.id);
    const found = /^[0-9a-f-]{36}$/.test(id)
      ? await productPromotions.get(id)
      : undefined;
    if (!found) throw new NotFoundError(`Product promotion ${id} not found`);
    // The System must be visible to the caller, as for the list.
    await sourceOf(req, found.system);
    res.json(found);
  });

  router.get('/products/environments', async (req, res) => {
    const q = parseInput(productQuery, req.query, 'query');
    const { source, catalogCredentials } = await sourceOf(req, q.system);
    res.json(await productPromotions.environments(source, catalogCredentials));
  });

  const { picker } = options;
  if (!picker) return;
  router.get('/products/picker', async (req, res) => {
    const q = parseInput(pickerQuery, req.query, 'query');
    const names = picker.environments.map(e => e.name);
    const environment = q.environment ?? picker.slo.settings.environments[0];
    if (!environment || !names.includes(environment)) {
      throw new InputError(
        `Invalid query: environment '${
          environment ?? ''
        }' is not one of ${names.join(', ')}`,
      );
    }
    const { source, catalogCredentials } = await sourceOf(req, q.system);
    const [{ releases }, runs] = await Promise.all([
      products.releases(source),
      productPromotions.environments(source, catalogCredentials),
    ]);
    const prodName =
      names.find(n => n === 'prod') ??
      [...picker.environments].reverse().find(e => e.type === 'prod')?.name;
    const prodRow = runs.environments.find(e => e.environment === prodName);
    const anyRow = runs.environments[0];
    res.json(
      await pickReleases({
        system: source.systemRef,
        environment,
        releases,
        entityRefs: new Map(
          (anyRow?.components ?? []).map(c => [c.component, c.entityRef]),
        ),
        declared: await picker.declaring(
          (anyRow?.components ?? []).map(c => c.entityRef),
          catalogCredentials,
        ),
        prod: new Map(
          (prodRow?.components ?? []).map(c => [c.entityRef, c.version]),
        ),
        prodProduct: prodRow?.product ?? null,
        stability: (entityRef, tag) =>
          picker.slo.stability(entityRef, environment, tag),
        releasesOf: picker.releasesOf,
      }),
    );
  });
}
