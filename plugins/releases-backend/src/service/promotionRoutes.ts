import type express from 'express';
import { z } from 'zod';
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, type ResourcePermission } from '@backstage/plugin-permission-common';
import {
  WIP_VERSION,
  isValidRefName,
  releasesDeploymentReportPermission,
  releasesPromotionAbortPermission,
  releasesPromotionApprovePermission,
  releasesPromotionCreatePermission,
  releasesPromotionRollbackPermission,
  type EnvironmentStatus,
  type EnvironmentsResponse,
  type MatrixResponse,
} from '@releases-for-backstage/plugin-releases-common';
import type { PromotionStore } from '../database/PromotionStore';
import type { PromotionService } from './PromotionService';
import { entityRefSchema, parseInput } from './validation';
import { CachedVersion, MatrixCache } from './MatrixCache';
import { createHash } from 'node:crypto';

const entityRef = entityRefSchema;

const environmentName = z.string({ required_error: 'is required' }).regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an environment name');

const versionString = z
  .string()
  .min(1)
  .max(255)
  .refine(v => v === WIP_VERSION || isValidRefName(`refs/tags/${v}`), v => ({ message: `'${v}' is not a valid version or tag name` }));

const createBody = z
  .object({
    entityRef,
    environment: environmentName,
    version: versionString.optional(),
    idempotencyKey: z.string().min(1).max(255).optional(),
    rollback: z.boolean().optional(),
  })
  .strict();

const abortBody = z.object({ reason: z.string().max(1000).optional() }).strict();

const approveBody = z.object({ reason: z.string().trim().min(1).max(1000).optional() }).strict();

// A rejection tells the requester why.
const rejectBody = z.object({ reason: z.string({ required_error: 'is required' }).trim().min(1, 'is required').max(1000) }).strict();

const deploymentBody = z
  .object({
    entityRef,
    environment: environmentName,
    version: versionString,
    sha: z.string().regex(/^[0-9a-f]{7,40}$/, 'must be a commit id').optional(),
    status: z.enum(['started', 'succeeded', 'failed']),
    runUrl: z.string().url().max(2000).refine(u => /^https?:\/\//.test(u), 'must be an http(s) URL').optional(),
    startedAt: z.string().datetime({ offset: true }).optional(),
    finishedAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return p.subject;
  return p.type;
}

/** Promotion, environment, deployment and audit routes. */
export function addPromotionRoutes(
  router: express.Router,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    auditor: AuditorService;
    catalog: CatalogService;
    store: PromotionStore;
    service: PromotionService;
    /** Starts execution of queued promotions now. */
    kick: () => void;
  },
) {
  const { httpAuth, permissions, auditor, store, service, catalog } = options;

  async function authorize(req: express.Request, permission: ResourcePermission<'catalog-entity'>, ref: string) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission, resourceRef: ref }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name} on ${ref}`);
    }
    return credentials;
  }

  async function audited<T>(req: express.Request, eventId: string, meta: Record<string, string | boolean | null>, fn: () => Promise<T>): Promise<T> {
    const event = await auditor.createEvent({ eventId, severityLevel: 'medium', request: req, meta });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.post('/promotions', async (req, res) => {
    const body = parseInput(createBody, req.body, 'request body');
    const permission = body.rollback ? releasesPromotionRollbackPermission : releasesPromotionCreatePermission;
    const credentials = await authorize(req, permission, body.entityRef);
    const result = await audited(
      req,
      body.rollback ? 'promotion-rollback' : 'promotion-create',
      { entityRef: body.entityRef, environment: body.environment, version: body.version ?? null },
      () => service.create(body, actorOf(credentials), credentials),
    );
    if (result.created) options.kick();
    res.status(result.created ? 201 : 200).json(result.promotion);
  });

  router.get('/promotions/:id', async (req, res) => {
    await httpAuth.credentials(req);
    res.json(await store.getWithEvents(req.params.id));
  });

  router.get('/promotions', async (req, res) => {
    const q = parseInput(
      z.object({ entityRef, environment: environmentName.optional(), limit: z.coerce.number().int().min(1).max(200).optional() }).strict(),
      req.query,
      'query',
    );
    await httpAuth.credentials(req);
    const list = await store.list(q);
    res.json({ items: await Promise.all(list.map(p => store.withEvents(p))) });
  });

  router.post('/promotions/:id/abort', async (req, res) => {
    const body = parseInput(abortBody, req.body, 'request body');
    const existing = await store.getWithEvents(req.params.id);
    const credentials = await authorize(req, releasesPromotionAbortPermission, existing.entityRef);
    const promotion = await audited(req, 'promotion-abort', { promotionId: existing.id }, () =>
      service.abort(existing.id, actorOf(credentials), body.reason ?? null),
    );
    res.json(promotion);
  });

  for (const decision of ['approve', 'reject'] as const) {
    const body = decision === 'approve' ? approveBody : rejectBody;
    router.post(`/promotions/:id/${decision}`, async (req, res) => {
      const parsed = parseInput(body, req.body, 'request body');
      const existing = await store.getWithEvents(req.params.id);
      const credentials = await authorize(req, releasesPromotionApprovePermission, existing.entityRef);
      const promotion = await audited(req, `promotion-${decision}`, { promotionId: existing.id }, () =>
        service.decide(existing.id, decision, actorOf(credentials), parsed.reason ?? null),
      );
      if (promotion.state === 'approved') options.kick();
      res.json(promotion);
    });
  }

  async function statuses(refs: string[]): Promise<Map<string, Record<string, EnvironmentStatus>>> {
    const states = await store.environmentStates(refs);
    const out = new Map<string, Record<string, EnvironmentStatus>>();
    for (const ref of refs) {
      const cells: Record<string, EnvironmentStatus> = {};
      for (const env of service.environments) {
        const s = states.get(ref)?.get(env.name);
        cells[env.name] = {
          environment: env.name,
          type: env.type,
          description: env.description ?? null,
          version: s?.version ?? null,
          sha: s?.sha ?? null,
          since: s?.since ?? null,
          by: s?.by ?? null,
          status: s?.status ?? null,
          runUrl: s?.runUrl ?? null,
          promotionId: s?.promotionId ?? null,
        };
      }
      out.set(ref, cells);
    }
    return out;
  }

  router.get('/environments', async (req, res) => {
    const q = parseInput(z.object({ entityRef }).strict(), req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const entity = await catalog.getEntityByRef(q.entityRef, { credentials });
    if (!entity) throw new InputError(`Entity ${q.entityRef} not found in the catalog`);
    if ((await store.environmentStates([q.entityRef])).size === 0) {
      // First look at this entity: read what its environment branches say.
      await service
        .target(q.entityRef, credentials)
        .then(target => service.syncEnvironments(target))
        .catch(() => undefined);
    }
    const cells = (await statuses([q.entityRef])).get(q.entityRef)!;
    const body: EnvironmentsResponse = { entityRef: q.entityRef, environments: service.environments.map(e => cells[e.name]) };
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
    if (ownChanges.size > 1000) ownChanges.delete(ownChanges.keys().next().value!);
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
    const q = parseInput(z.object({ system: entityRef }).strict(), req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const system = parseEntityRef(q.system, { defaultKind: 'system' });
    const systemRef = stringifyEntityRef(system);
    const members = await matrixCache.membersOf(actorOf(credentials), systemRef, async () => {
      const { items } = await catalog.queryEntities(
        {
          filter: { kind: 'Component', 'spec.system': [system.name, systemRef] },
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
          orderFields: { field: 'metadata.name', order: 'asc' },
          limit: 10000,
        },
        { credentials },
      );
      const rows = items.map(e => ({ entityRef: stringifyEntityRef(e), title: e.metadata.title ?? e.metadata.name }));
      return { rows, key: createHash('sha1').update(rows.map(r => r.entityRef).join(',')).digest('base64url') };
    });
    const version = await stateVersion.get();
    const body = await matrixCache.body(systemRef, `${version}|${members.key}`, async previous => {
      // Patch the last matrix when only this instance's writes came since:
      // a deployment report then costs one entity's rows, not 6,000.
      const [previousVersion, previousMembers] = previous?.key.split('|') ?? [];
      const changed =
        previous && previousMembers === members.key ? changedSince(Number(previousVersion), Number(version)) : undefined;
      if (previous && changed) {
        const last = previous.value as MatrixResponse;
        const refs = [...changed].filter(ref => members.rows.some(r => r.entityRef === ref));
        const cells = refs.length > 0 ? await statuses(refs) : new Map<string, Record<string, EnvironmentStatus>>();
        const patched: MatrixResponse = {
          ...last,
          rows: last.rows.map(r => (cells.has(r.entityRef) ? { ...r, cells: cells.get(r.entityRef)! } : r)),
        };
        return patched;
      }
      const cells = await statuses(members.rows.map(r => r.entityRef));
      const response: MatrixResponse = {
        system: systemRef,
        environments: service.environments.map(e => e.name),
        rows: members.rows.map(r => ({ ...r, cells: cells.get(r.entityRef)! })),
      };
      return response;
    });
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

  router.post('/deployments', async (req, res) => {
    const body = parseInput(deploymentBody, req.body, 'request body');
    service.environment(body.environment);
    const credentials = await authorize(req, releasesDeploymentReportPermission, body.entityRef);
    const entity = await catalog.getEntityByRef(body.entityRef, { credentials });
    if (!entity) throw new InputError(`Entity ${body.entityRef} not found in the catalog`);
    await audited(req, 'deployment-report', { entityRef: body.entityRef, environment: body.environment, version: body.version }, () =>
      store.recordDeployment({
        entityRef: body.entityRef,
        environment: body.environment,
        version: body.version,
        sha: body.sha ?? null,
        status: body.status,
        runUrl: body.runUrl ?? null,
        actor: actorOf(credentials),
        promotionId: null,
        startedAt: body.startedAt ? new Date(body.startedAt) : null,
        finishedAt: body.finishedAt ? new Date(body.finishedAt) : null,
      }),
    );
    res.status(201).json({ entityRef: body.entityRef, environment: body.environment, version: body.version, status: body.status });
  });

  router.get('/audit', async (req, res) => {
    const q = parseInput(z.object({ entityRef }).strict(), req.query, 'query');
    await httpAuth.credentials(req);
    res.json({ items: await store.audit(q.entityRef) });
  });
}
