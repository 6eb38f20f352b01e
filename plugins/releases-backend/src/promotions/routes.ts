import type express from 'express';
import { z } from 'zod';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  WIP_VERSION,
  isValidRefName,
  releasesPromotionAbortPermission,
  releasesPromotionApprovePermission,
  releasesPromotionCreatePermission,
  releasesPromotionOverridePermission,
  releasesPromotionRollbackPermission,
} from '@releases-for-backstage/plugin-releases-common';
import type { PromotionStore } from '../database/PromotionStore';
import type { PromotionService } from './PromotionService';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import {
  entityRefSchema,
  environmentNameSchema,
  limitSchema,
  parseInput,
} from '../service/validation';
import type { PromotionEngine } from './PromotionEngine';

const versionString = z
  .string()
  .min(1)
  .max(255)
  .refine(
    v => v === WIP_VERSION || isValidRefName(`refs/tags/${v}`),
    v => ({ message: `'${v}' is not a valid version or tag name` }),
  );

const reason = z.string().trim().min(1).max(1000);

export const createBody = z
  .object({
    entityRef: entityRefSchema,
    environment: environmentNameSchema,
    version: versionString.optional(),
    idempotencyKey: z.string().min(1).max(255).optional(),
    rollback: z.boolean().optional(),
    reason: reason.optional(),
    allowJump: z.boolean().optional(),
    override: z.object({ reason }).strict().optional(),
  })
  .strict();

export const abortBody = z
  .object({ reason: z.string().max(1000).optional() })
  .strict();
export const approveBody = z.object({ reason: reason.optional() }).strict();
// A rejection tells the requester why.
export const rejectBody = z
  .object({
    reason: z
      .string({ required_error: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(1000),
  })
  .strict();
export const listQuery = z
  .object({
    entityRef: entityRefSchema,
    environment: environmentNameSchema.optional(),
    limit: limitSchema.optional(),
  })
  .strict();

/** Promotion routes: request, read, approve, reject, abort. */
export function addPromotionRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    store: PromotionStore;
    service: PromotionService;
    engine: PromotionEngine;
    /** Starts execution of queued promotions now. */
    kick: () => void;
    /** Records a break-glass override (outside the window, during a freeze). */
    setOverride: (
      promotion: { id: string; entityRef: string; environment: string },
      override: { by: string; reason: string },
    ) => Promise<void>;
  },
) {
  const { guard, store, service, catalog, engine } = options;

  router.post('/promotions', async (req, res) => {
    const body = parseInput(createBody, req.body, 'request body');
    const permission = body.rollback
      ? releasesPromotionRollbackPermission
      : releasesPromotionCreatePermission;
    const { catalogCredentials: credentials, actor } = await guard.authorize(
      req,
      { permission, resourceRef: body.entityRef },
    );
    if (body.override) {
      await guard.authorize(req, {
        permission: releasesPromotionOverridePermission,
        resourceRef: body.entityRef,
      });
    }
    const { override, ...request } = body;
    const result = await guard.audited(
      req,
      body.rollback ? 'promotion-rollback' : 'promotion-create',
      {
        entityRef: body.entityRef,
        environment: body.environment,
        version: body.version ?? null,
      },
      async () => {
        const created = await service.create(request, actor, credentials);
        if (override && created.created) {
          await options.setOverride(created.promotion, {
            by: actor,
            reason: override.reason,
          });
        }
        return created;
      },
    );
    if (result.created) options.kick();
    res.status(result.created ? 201 : 200).json(result.promotion);
  });

  /** A promotion, if the caller may see its entity. */
  async function visible(req: express.Request, id: string) {
    const promotion = await store.getWithEvents(id);
    const { catalogCredentials: credentials } = await guard.credentials(req);
    // Hidden like its entity: a promotion of an entity the caller cannot read does not exist for them.
    await loadEntity(catalog, promotion.entityRef, credentials, {
      kind: 'Component',
    }).catch(() => {
      throw new NotFoundError(`Promotion ${id} not found`);
    });
    return promotion;
  }

  router.get('/promotions/:id', async (req, res) => {
    res.json(await visible(req, req.params.id));
  });

  router.get('/promotions', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    const { catalogCredentials: credentials } = await guard.credentials(req);
    await loadEntity(catalog, q.entityRef, credentials, { kind: 'Component' });
    if (q.environment) service.environment(q.environment);
    const list = await store.list(q);
    res.json({ items: await Promise.all(list.map(p => store.withEvents(p))) });
  });

  router.post('/promotions/:id/abort', async (req, res) => {
    const body = parseInput(abortBody, req.body, 'request body');
    const existing = await store.getWithEvents(req.params.id);
    const { actor } = await guard.authorize(req, {
      permission: releasesPromotionAbortPermission,
      resourceRef: existing.entityRef,
    });
    const promotion = await guard.audited(
      req,
      'promotion-abort',
      { promotionId: existing.id },
      () => service.abort(existing.id, actor, body.reason ?? null),
    );
    res.json(promotion);
  });

  for (const decision of ['approve', 'reject'] as const) {
    const body = decision === 'approve' ? approveBody : rejectBody;
    router.post(`/promotions/:id/${decision}`, async (req, res) => {
      const parsed = parseInput(body, req.body, 'request body');
      const existing = await store.getWithEvents(req.params.id);
      const { actor } = await guard.authorize(req, {
        permission: releasesPromotionApprovePermission,
        resourceRef: existing.entityRef,
      });
      let promotion = await guard.audited(
        req,
        `promotion-${decision}`,
        { promotionId: existing.id },
        () =>
          service.decide(existing.id, decision, actor, parsed.reason ?? null),
      );
      if (decision === 'approve') {
        // The approval gate may be the last one: let the promotion start now.
        const settled = await engine.settleGates(existing.id, {
          actor,
          reason: parsed.reason ?? `approved by ${actor}`,
        });
        if (settled) promotion = await store.withEvents(settled);
        if (promotion.state === 'approved') options.kick();
      }
      res.json(promotion);
    });
  }
}
