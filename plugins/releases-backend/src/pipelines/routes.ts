/*
 * Routes of pipeline traces: pipelines report the stages of a version
 * (authorized like test results, audited), anyone who sees the component
 * reads them. Bad input is refused before anything is written.
 */
import type express from 'express';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  releasesResultReportPermission,
  type PipelineStageStatus,
} from '@releases-for-backstage/plugin-releases-common';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import { releaseSourceOf } from '../releases/ReleaseStateService';
import { RiskService } from '../judgement/RiskService';
import { entityRefSchema, parseInput } from '../service/validation';
import type { PipelineService } from './PipelineService';
import { STAGE_NAME } from './settings';

const STATUSES: [PipelineStageStatus, ...PipelineStageStatus[]] = [
  'running',
  'succeeded',
  'failed',
  'skipped',
];

// With a time zone: a timestamp without one means a different instant on every host.
const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const timestamp = z
  .string()
  .max(64)
  .refine(
    v => ISO_8601.test(v) && !Number.isNaN(Date.parse(v)),
    'must be an ISO 8601 timestamp with a time zone, e.g. 2026-12-03T10:00:00Z',
  );

const versionString = z
  .string({ required_error: 'is required' })
  .min(1, 'is required')
  .max(255);

export const pipelineStageSchema = z
  .object({
    name: z
      .string({ required_error: 'is required' })
      .regex(
        STAGE_NAME,
        'must be a stage name: lower-case a-z, 0-9 and -, starting with a letter, at most 63 characters',
      ),
    status: z.enum(STATUSES),
    startedAt: timestamp.optional(),
    finishedAt: timestamp.optional(),
    url: z
      .string()
      .url()
      .max(2000)
      .refine(u => /^https?:\/\//.test(u), 'must be an http(s) URL')
      .optional(),
    detail: z.string().max(500).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (
      s.startedAt &&
      s.finishedAt &&
      Date.parse(s.finishedAt) < Date.parse(s.startedAt)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['finishedAt'],
        message: `is before startedAt (${s.startedAt})`,
      });
    }
  });

export const pipelineReportBody = z
  .object({
    entityRef: entityRefSchema,
    version: versionString,
    sha: z
      .string()
      .regex(/^[0-9a-f]{7,40}$/, 'must be a commit sha (7 to 40 hex digits)')
      .optional(),
    schema: z
      .object({
        version: z
          .number({ required_error: 'is required' })
          .int('must be a whole number')
          .min(0, 'must be 0 or more')
          .max(1_000_000),
        compatibleUpTo: z
          .number()
          .int('must be a whole number')
          .min(0, 'must be 0 or more')
          .max(1_000_000)
          .optional(),
      })
      .strict()
      .refine(
        s => s.compatibleUpTo === undefined || s.compatibleUpTo >= s.version,
        { message: 'must not be below version', path: ['compatibleUpTo'] },
      )
      .optional(),
    stages: z
      .array(pipelineStageSchema, { required_error: 'is required' })
      .min(1, 'needs at least one stage')
      .max(20, 'takes at most 20 stages per report')
      .superRefine((stages, ctx) => {
        const seen = new Set<string>();
        stages.forEach((s, i) => {
          if (seen.has(s.name)) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: [i, 'name'],
              message: `'${s.name}' is reported twice; a report names each stage once`,
            });
          }
          seen.add(s.name);
        });
      }),
  })
  .strict();

export const pipelineQuery = z
  .object({ entityRef: entityRefSchema, version: versionString })
  .strict();

export function addPipelineRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    pipelines: PipelineService;
    allowLocalRepositories: boolean;
    kick: () => void;
  },
) {
  const { guard, catalog, pipelines } = options;

  async function sourceOf(
    credentials: Awaited<
      ReturnType<RequestGuard['credentials']>
    >['catalogCredentials'],
    entityRef: string,
  ) {
    const entity = await loadEntity(catalog, entityRef, credentials, {
      kind: 'Component',
      setUp: true,
    });
    return releaseSourceOf(entity, {
      allowLocalRepositories: options.allowLocalRepositories,
    });
  }

  router.post('/pipelines', async (req, res) => {
    const body = parseInput(pipelineReportBody, req.body, 'request body');
    const { actor, catalogCredentials } = await guard.authorize(req, {
      permission: releasesResultReportPermission,
      resourceRef: body.entityRef,
    });
    const source = await sourceOf(catalogCredentials, body.entityRef);
    let version: string;
    try {
      version = RiskService.versionOf(source, body.version);
    } catch (error) {
      throw new InputError(`Invalid request body: ${(error as Error).message}`);
    }
    const tag = await pipelines.tagOf(source, version);
    if (!tag) {
      throw new InputError(
        `Invalid request body: version '${body.version}' is not a release of ${body.entityRef} (no tag ${source.tagPrefix}${version})`,
      );
    }
    if (body.sha && !tag.sha.startsWith(body.sha)) {
      throw new InputError(
        `Invalid request body: sha '${body.sha}' is not the commit of ${
          tag.name
        } (${tag.sha.slice(0, 7)})`,
      );
    }
    await guard.audited(
      req,
      'pipeline-report',
      {
        entityRef: body.entityRef,
        version,
        stages: body.stages.map(s => `${s.name}:${s.status}`).join(','),
        ...(body.schema ? { schema: String(body.schema.version) } : {}),
      },
      () =>
        pipelines.store.report({
          entityRef: body.entityRef,
          version,
          sha: body.sha ?? null,
          stages: body.stages.map(s => ({
            name: s.name,
            status: s.status,
            startedAt: s.startedAt ?? null,
            finishedAt: s.finishedAt ?? null,
            url: s.url ?? null,
            detail: s.detail ?? null,
          })),
          schema: body.schema
            ? {
                version: body.schema.version,
                compatibleUpTo:
                  body.schema.compatibleUpTo ?? body.schema.version,
              }
            : null,
          reportedBy: actor,
        }),
      'low',
    );
    // A promotion may be waiting for these stages.
    options.kick();
    res.status(201).json(await pipelines.trace(source, version));
  });

  router.get('/pipelines', async (req, res) => {
    const q = parseInput(pipelineQuery, req.query, 'query');
    const { catalogCredentials } = await guard.credentials(req);
    const source = await sourceOf(catalogCredentials, q.entityRef);
    res.json(await pipelines.trace(source, q.version));
  });
}
