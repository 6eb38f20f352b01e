/*
 * The DORA metrics route: a component's or a product's figures in one
 * environment over a range. A read route: whoever sees the entity in the
 * catalog sees its figures.
 */
import type express from 'express';
import { z } from 'zod';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import {
  releaseSourceOf,
  type EntityReleaseSource,
} from '../releases/ReleaseStateService';
import {
  entityRefSchema,
  environmentNameSchema,
  parseInput,
} from '../service/validation';
import type { DoraService } from './DoraService';

const DAY = 86_400_000;
/** The longest range: a year, leap day included. */
const MAX_RANGE_DAYS = 366;
/** The range when `from` is not given: four weeks before `to`. */
const DEFAULT_RANGE_DAYS = 28;

// A date, or a timestamp with a time zone: without one it is a different instant on every host.
const DATE_OR_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;
const instant = z
  .string({ invalid_type_error: 'must be given once' })
  .max(64)
  .refine(
    v => DATE_OR_TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v)),
    'must be a date (2026-12-01) or an ISO 8601 timestamp with a time zone (2026-12-01T10:00:00Z)',
  )
  .transform(v => new Date(v));

/** The query's fields, each on its own (the OpenAPI document lists them). */
export const doraQueryFields = z
  .object({
    entityRef: entityRefSchema.optional(),
    system: entityRefSchema.optional(),
    environment: environmentNameSchema.optional(),
    from: instant.optional(),
    to: instant.optional(),
    bucket: z.enum(['day', 'week']).optional(),
  })
  .strict();

export const doraQuery = doraQueryFields.superRefine((q, ctx) => {
  if (!q.entityRef === !q.system) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [q.entityRef ? 'system' : 'entityRef'],
      message: q.entityRef
        ? 'cannot be given with entityRef: ask for a component or a product'
        : 'is required (or system, for a product)',
    });
  }
  const to = q.to ?? new Date();
  const from = q.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY);
  if (from.getTime() >= to.getTime()) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['from'],
      message: `must be before to (${to.toISOString()})`,
    });
  } else if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['to'],
      message: `is more than ${MAX_RANGE_DAYS} days after from; ask for a year at most`,
    });
  }
});

export function addDoraRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    dora: DoraService;
    /** The System's components set up for releases, as the product routes list them. */
    componentsOf: (
      system: Entity,
      credentials: BackstageCredentials,
    ) => Promise<Entity[]>;
    allowLocalRepositories: boolean;
  },
) {
  const { guard, catalog, dora } = options;
  const sourceOf = (entity: Entity): EntityReleaseSource =>
    releaseSourceOf(entity, {
      allowLocalRepositories: options.allowLocalRepositories,
    });

  router.get('/dora', async (req, res) => {
    const q = parseInput(doraQuery, req.query, 'query');
    const environment = q.environment ?? dora.defaultEnvironment();
    dora.checkEnvironment(environment);
    const to = q.to ?? new Date();
    const query = {
      environment,
      to,
      from: q.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY),
      bucket: q.bucket ?? 'week',
    };
    const { catalogCredentials } = await guard.credentials(req);
    if (q.entityRef) {
      const entity = await loadEntity(
        catalog,
        q.entityRef,
        catalogCredentials,
        {
          kind: 'Component',
          setUp: true,
        },
      );
      res.json(await dora.component(sourceOf(entity), query));
      return;
    }
    const system = await loadEntity(catalog, q.system!, catalogCredentials, {
      kind: 'System',
    });
    const components = await options.componentsOf(system, catalogCredentials);
    res.json(await dora.product(q.system!, components.map(sourceOf), query));
  });
}
