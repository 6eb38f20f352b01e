import type express from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  EnvironmentStatus,
  EnvironmentsResponse,
  MatrixResponse,
} from '@releases-for-backstage/plugin-releases-common';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { PromotionService } from '../promotions/PromotionService';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import { entityRefSchema, parseInput } from '../service/validation';
import { CachedVersion, MatrixCache } from './MatrixCache';
import { environmentStatuses } from './statuses';

export const environmentsQuery = z
  .object({ entityRef: entityRefSchema })
  .strict();
export const matrixQuery = z.object({ system: entityRefSchema }).strict();

/** What runs where: one entity's environments, and a product's matrix. */
export function addEnvironmentRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    store: DeploymentStore;
    service: PromotionService;
  },
) {
  const { guard, store, service, catalog } = options;
  const statuses = (refs: string[]) =>
    environmentStatuses(store, service.environments, refs);

  router.get('/environments', async (req, res) => {
    const q = parseInput(environmentsQuery, req.query, 'query');
    const { catalogCredentials: credentials } = await guard.credentials(req);
    await loadEntity(catalog, q.entityRef, credentials, { kind: 'Component' });
    if ((await store.environmentStates([q.entityRef])).size === 0) {
      // First look at this entity: read what its environment branches say.
      await service
        .target(q.entityRef, credentials)
        .then(target => service.syncEnvironments(target))
        .catch(() => undefined);
    }
    const cells = (await statuses([q.entityRef])).get(q.entityRef)!;
    const body: EnvironmentsResponse = {
      entityRef: q.entityRef,
      environments: service.environments.map(e => cells[e.name]),
    };
    res.json(body);
  });

  const matrixCache = new MatrixCache({ membersTtlMs: 30_000 });
  // Read at most every 250 ms; this instance's own writes show at once.
  const stateVersion = new CachedVersion(() => store.stateVersion(), 250);
  // This instance's own changes by the state version they produced: a
  // matrix built at version V is patched up to W when every version in
  // between is one of them (a gap means another instance wrote: rebuild).
  const ownChanges = new Map<number, string>();
  store.onStateChange(change => {
    ownChanges.set(change.version, change.entityRef);
    if (ownChanges.size > 1000)
      ownChanges.delete(ownChanges.keys().next().value!);
    stateVersion.invalidate();
  });
  const changedSince = (from: number, to: number): Set<string> | undefined => {
    if (!(to >= from) || to - from > 200) return undefined;
    const refs = new Set<string>();
    for (let v = from + 1; v <= to; v++) {
      const ref = ownChanges.get(v);
      if (ref === undefined) return undefined;
      refs.add(ref);
    }
    return refs;
  };

  router.get('/matrix', async (req, res) => {
    const q = parseInput(matrixQuery, req.query, 'query');
    const { catalogCredentials: credentials, actor } = await guard.credentials(
      req,
    );
    const system = await loadEntity(catalog, q.system, credentials, {
      kind: 'System',
    });
    const ref = stringifyEntityRef(system);
    const members = await matrixCache.membersOf(actor, ref, async () => {
      const { items } = await catalog.queryEntities(
        {
          filter: {
            kind: 'Component',
            'spec.system': [system.metadata.name, ref],
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
          ],
          orderFields: { field: 'metadata.name', order: 'asc' },
          limit: 10000,
        },
        { credentials },
      );
      const rows = items.map(e => ({
        entityRef: stringifyEntityRef(e),
        title: e.metadata.title ?? e.metadata.name,
      }));
      return {
        rows,
        key: createHash('sha1')
          .update(rows.map(r => r.entityRef).join(','))
          .digest('base64url'),
      };
    });
    const version = await stateVersion.get();
    const body = await matrixCache.body(
      ref,
      `${version}|${members.key}`,
      async previous => {
        // Patch the last matrix when only this instance's writes came since:
        // a deployment report then costs one entity's rows, not 6,000.
        const [previousVersion, previousMembers] =
          previous?.key.split('|') ?? [];
        const changed =
          previous && previousMembers === members.key
            ? changedSince(Number(previousVersion), Number(version))
            : undefined;
        if (previous && changed) {
          const last = previous.value as MatrixResponse;
          const refs = [...changed].filter(r =>
            members.rows.some(m => m.entityRef === r),
          );
          const cells =
            refs.length > 0
              ? await statuses(refs)
              : new Map<string, Record<string, EnvironmentStatus>>();
          const patched: MatrixResponse = {
            ...last,
            rows: last.rows.map(r =>
              cells.has(r.entityRef)
                ? { ...r, cells: cells.get(r.entityRef)! }
                : r,
            ),
          };
          return patched;
        }
        const cells = await statuses(members.rows.map(r => r.entityRef));
        const response: MatrixResponse = {
          system: ref,
          environments: service.environments.map(e => e.name),
          rows: members.rows.map(r => ({
            ...r,
            cells: cells.get(r.entityRef)!,
          })),
        };
        return response;
      },
    );
    res.setHeader('ETag', body.etag);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === body.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    // Sent as stored: compressed once per change, not once per request.
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(body.gzip);
    } else {
      res.end(body.json);
    }
  });
}
