import type express from 'express';
import { z } from 'zod';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AuditStore } from '../database/AuditStore';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import { entityRefSchema, parseInput } from '../service/validation';

export const auditQuery = z.object({ entityRef: entityRefSchema }).strict();

/** The audit trail of an entity, for those who may read the entity. */
export function addAuditRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    store: AuditStore;
  },
) {
  router.get('/audit', async (req, res) => {
    const q = parseInput(auditQuery, req.query, 'query');
    const { catalogCredentials: credentials } = await options.guard.credentials(
      req,
    );
    await loadEntity(options.catalog, q.entityRef, credentials, {
      kind: 'Component',
    });
    res.json({ items: await options.store.audit(q.entityRef) });
  });
}
