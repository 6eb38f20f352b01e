/*
 * Routes of hotfixes: cutting one (a person's action, audited) and listing
 * an entity's hotfixes with whether main lacks their fix. Bad input is
 * refused before anything is written.
 */
import type express from 'express';
import { z } from 'zod';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  releasesHotfixCreatePermission,
  type CreateHotfixRequest,
  type Hotfix,
} from '@releases-for-backstage/plugin-releases-common';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import { releaseSourceOf } from '../releases/ReleaseStateService';
import { entityRefSchema, parseInput } from '../service/validation';
import type { HotfixService } from './HotfixService';

export const hotfixBody = z
  .object({
    entityRef: entityRefSchema,
    change: z
      .string({ required_error: 'is required' })
      .regex(
        /^(#[1-9][0-9]{0,9}|[0-9a-f]{7,40})$/,
        'must be a commit sha (7 to 40 hex digits) or a pull request (#12)',
      ),
    // Left out, it is read from the hotfix-to/<tag> label of the fix's pull request.
    target: z.string().min(1).max(255).optional(),
  })
  .strict();

export const hotfixesQuery = z.object({ entityRef: entityRefSchema }).strict();

export function addHotfixRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    hotfixes: HotfixService;
    allowLocalRepositories: boolean;
    kick: () => void;
  },
) {
  const { guard, catalog, hotfixes } = options;
  hotfixes.startPromotionsWith(options.kick);

  async function sourceOf(
    req: express.Request,
    entityRef: string,
    setUp: boolean,
  ) {
    const { catalogCredentials } = await guard.credentials(req);
    const entity = await loadEntity(catalog, entityRef, catalogCredentials, {
      kind: 'Component',
      setUp,
    });
    return releaseSourceOf(entity, {
      allowLocalRepositories: options.allowLocalRepositories,
    });
  }

  router.post('/hotfixes', async (req, res) => {
    const body: CreateHotfixRequest = parseInput(
      hotfixBody,
      req.body,
      'request body',
    );
    const { actor, catalogCredentials } = await guard.authorize(req, {
      permission: releasesHotfixCreatePermission,
      resourceRef: body.entityRef,
    });
    const source = await sourceOf(req, body.entityRef, true);
    const hotfix: Hotfix = await guard.audited(
      req,
      'hotfix-create',
      {
        entityRef: body.entityRef,
        change: body.change,
        target: body.target ?? null,
      },
      () =>
        hotfixes.create({
          source,
          change: body.change,
          target: body.target,
          actor,
          credentials: catalogCredentials,
        }),
    );
    if (hotfix.promotionId) options.kick();
    res.status(201).json(hotfix);
  });

  router.get('/hotfixes', async (req, res) => {
    const q = parseInput(hotfixesQuery, req.query, 'query');
    const source = await sourceOf(req, q.entityRef, false);
    res.json({ hotfixes: await hotfixes.list(source) });
  });
}
