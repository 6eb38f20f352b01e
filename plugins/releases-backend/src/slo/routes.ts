/*
 * Routes of SLO evaluations and stability: anyone who sees a component
 * reads its evaluations and stability; pipelines (permission
 * `releases.result.report`, as for test results) push measured values or
 * ask for an evaluation from the metrics source. Bad input is refused
 * before anything is read from a source or written.
 */
import type express from 'express';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { releasesResultReportPermission } from '@releases-for-backstage/plugin-releases-common';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import { releaseSourceOf } from '../releases/ReleaseStateService';
import {
  entityRefSchema,
  environmentNameSchema,
  limitSchema,
  parseInput,
} from '../service/validation';
import type { SloService } from './SloService';

const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const timestamp = z
  .string()
  .max(64)
  .refine(
    v => ISO_8601.test(v) && !Number.isNaN(Date.parse(v)),
    'must be an ISO 8601 timestamp with a time zone, e.g. 2026-12-03T10:00:00Z',
  );
const versionString = z.string().min(1).max(255);
const MAX_WINDOW_MS = 31 * 24 * 3600_000;

export const sloQuery = z
  .object({
    entityRef: entityRefSchema,
    environment: environmentNameSchema,
    version: versionString.optional(),
    limit: limitSchema.optional(),
  })
  .strict();

export const stabilityQuery = z
  .object({
    entityRef: entityRefSchema,
    environment: environmentNameSchema,
    version: versionString.optional(),
  })
  .strict();

/** The body's fields; {@link sloEvaluationBody} adds the checks across them. */
export const sloEvaluationFields = z
  .object({
    entityRef: entityRefSchema,
    environment: environmentNameSchema,
    version: versionString.optional(),
    windowStart: timestamp.optional(),
    windowEnd: timestamp.optional(),
    values: z
      .array(
        z
          .object({
            metric: z.string({ required_error: 'is required' }).min(1).max(128),
            value: z.number().nullable(),
            success: z.boolean().optional(),
            message: z.string().max(500).optional(),
          })
          .strict(),
      )
      .min(1, 'needs at least one value')
      .max(50, 'takes at most 50 values')
      .optional(),
  })
  .strict();

export const sloEvaluationBody = sloEvaluationFields.superRefine((b, ctx) => {
  const start = b.windowStart ? Date.parse(b.windowStart) : null;
  const end = b.windowEnd ? Date.parse(b.windowEnd) : null;
  if (end !== null && end > Date.now() + 60_000) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['windowEnd'],
      message: 'is in the future',
    });
  }
  if (start !== null && end === null) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['windowEnd'],
      message: 'is required with windowStart',
    });
  }
  if (start !== null && end !== null && start >= end) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['windowStart'],
      message: `is not before windowEnd (${b.windowEnd})`,
    });
  }
  if (start !== null && end !== null && end - start > MAX_WINDOW_MS) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['windowStart'],
      message: 'makes a window over 31 days',
    });
  }
  const seen = new Set<string>();
  (b.values ?? []).forEach((v, i) => {
    if (seen.has(v.metric)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['values', i, 'metric'],
        message: `'${v.metric}' is given twice`,
      });
    }
    seen.add(v.metric);
  });
});

export function addSloRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    slo: SloService;
    environments: readonly string[];
    allowLocalRepositories: boolean;
  },
) {
  const { guard, catalog, slo } = options;

  function knownEnvironment(name: string, where: string) {
    if (!options.environments.includes(name)) {
      throw new InputError(
        `Invalid ${where}: environment '${name}' is not one of ${options.environments.join(
          ', ',
        )}`,
      );
    }
  }

  async function componentOf(req: express.Request, entityRef: string) {
    const { catalogCredentials } = await guard.credentials(req);
    const entity = await loadEntity(catalog, entityRef, catalogCredentials, {
      kind: 'Component',
      setUp: true,
    });
    return {
      entity,
      source: releaseSourceOf(entity, {
        allowLocalRepositories: options.allowLocalRepositories,
      }),
    };
  }

  router.get('/slo/evaluations', async (req, res) => {
    const q = parseInput(sloQuery, req.query, 'query');
    knownEnvironment(q.environment, 'query');
    const { entity, source } = await componentOf(req, q.entityRef);
    res.json(
      await slo.evaluations(entity, source, {
        environment: q.environment,
        version: q.version,
        limit: q.limit,
      }),
    );
  });

  router.post('/slo/evaluations', async (req, res) => {
    const body = parseInput(sloEvaluationBody, req.body, 'request body');
    knownEnvironment(body.environment, 'request body');
    const { actor, catalogCredentials } = await guard.authorize(req, {
      permission: releasesResultReportPermission,
      resourceRef: body.entityRef,
    });
    const entity = await loadEntity(
      catalog,
      body.entityRef,
      catalogCredentials,
      {
        kind: 'Component',
        setUp: true,
      },
    );
    const source = releaseSourceOf(entity, {
      allowLocalRepositories: options.allowLocalRepositories,
    });
    const { record, created } = await guard.audited(
      req,
      'slo-evaluation',
      {
        entityRef: body.entityRef,
        environment: body.environment,
        pushed: Boolean(body.values),
      },
      () =>
        slo.evaluate(entity, source, {
          environment: body.environment,
          reportedBy: actor,
          version: body.version,
          windowStart: body.windowStart,
          windowEnd: body.windowEnd,
          values: body.values?.map(v => ({
            metric: v.metric,
            value: v.value,
            success: v.success ?? v.value !== null,
            ...(v.message ? { message: v.message } : {}),
          })),
        }),
      'low',
    );
    res.status(created ? 201 : 200).json(record);
  });

  router.get('/stability', async (req, res) => {
    const q = parseInput(stabilityQuery, req.query, 'query');
    knownEnvironment(q.environment, 'query');
    const { source } = await componentOf(req, q.entityRef);
    res.json(await slo.stability(source.entityRef, q.environment, q.version));
  });
}
