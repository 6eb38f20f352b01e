/*
 * Routes of product releases: a System's product releases, the next one
 * with its bundled changelog, and cutting it (a person's action,
 * audited). Bad input is refused before anything is written.
 */
import type express from 'express';
import { z } from 'zod';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { releasesProductReleasePermission } from '@releases-for-backstage/plugin-releases-common';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import { entityRefSchema, parseInput } from '../service/validation';
import { productSourceOf, type ProductService } from './ProductService';

export const productQuery = z.object({ system: entityRefSchema }).strict();

export const productReleaseBody = z
  .object({
    system: entityRefSchema,
    // Left out, the computed next version is cut.
    version: z.string().min(1).max(255).optional(),
  })
  .strict();

export function addProductRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    products: ProductService;
    allowLocalRepositories: boolean;
  },
) {
  const { guard, catalog, products } = options;

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
}
