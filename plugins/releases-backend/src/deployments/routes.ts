import type express from 'express';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  WIP_VERSION,
  isValidRefName,
  releasesDeploymentReportPermission,
} from '@releases-for-backstage/plugin-releases-common';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { PromotionService } from '../promotions/PromotionService';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import {
  entityRefSchema,
  environmentNameSchema,
  parseInput,
} from '../service/validation';

export const deploymentBody = z
  .object({
    entityRef: entityRefSchema,
    environment: environmentNameSchema,
    version: z
      .string()
      .min(1)
      .max(255)
      .refine(
        v => v === WIP_VERSION || isValidRefName(`refs/tags/${v}`),
        'must be WIP or a tag of the component',
      ),
    sha: z
      .string()
      .regex(/^[0-9a-f]{7,40}$/, 'must be a commit id')
      .optional(),
    status: z.enum(['started', 'succeeded', 'failed']),
    runUrl: z
      .string()
      .url()
      .max(2000)
      .refine(u => /^https?:\/\//.test(u), 'must be an http(s) URL')
      .optional(),
    startedAt: z.string().datetime({ offset: true }).optional(),
    finishedAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

/** Deployments that pipelines report (the one mutating route open to services). */
export function addDeploymentRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    store: DeploymentStore;
    service: PromotionService;
  },
) {
  const { guard, store, service, catalog } = options;

  router.post('/deployments', async (req, res) => {
    const body = parseInput(deploymentBody, req.body, 'request body');
    service.environment(body.environment);
    const { catalogCredentials: credentials, actor } = await guard.authorize(
      req,
      {
        permission: releasesDeploymentReportPermission,
        resourceRef: body.entityRef,
      },
    );
    // Refusals are checked before the audited part: they leave no trace.
    const entity = await loadEntity(catalog, body.entityRef, credentials, {
      kind: 'Component',
      setUp: true,
    });
    if (
      body.version !== WIP_VERSION &&
      !(await service.hasTag(entity, body.version))
    ) {
      throw new InputError(
        `Invalid request body: version '${body.version}' is neither WIP nor a tag of ${body.entityRef}'s repository`,
      );
    }
    await guard.audited(
      req,
      'deployment-report',
      {
        entityRef: body.entityRef,
        environment: body.environment,
        version: body.version,
      },
      () =>
        store.recordDeployment({
          entityRef: body.entityRef,
          environment: body.environment,
          version: body.version,
          sha: body.sha ?? null,
          status: body.status,
          runUrl: body.runUrl ?? null,
          actor,
          promotionId: null,
          startedAt: body.startedAt ? new Date(body.startedAt) : null,
          finishedAt: body.finishedAt ? new Date(body.finishedAt) : null,
        }),
    );
    res.status(201).json({
      entityRef: body.entityRef,
      environment: body.environment,
      version: body.version,
      status: body.status,
    });
  });
}
