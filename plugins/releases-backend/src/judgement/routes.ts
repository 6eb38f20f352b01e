/*
 * Routes of the judgement of promotions: labels and results pipelines
 * report, the risk of a release, go/no-go votes, product freezes, release
 * windows and blessed releases. Every mutating route is authorized and
 * audited; bad input is refused before anything is written.
 */
import type express from 'express';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  InvalidRiskLabelError,
  TEST_RESULT_KINDS,
  assessChangeRisk,
  parseChangeLabels,
  releasesChangeReportPermission,
  releasesFreezePermission,
  releasesPromotionVotePermission,
  releasesReleaseBlessPermission,
  releasesResultReportPermission,
  RISK_LABEL_NAMES,
  type ChangeRisk,
  type LabeledChangeLabels,
  type PromotionVotesResponse,
  type TestResultKind,
} from '@releases-for-backstage/plugin-releases-common';
import type { RequestGuard } from '../auth/RequestGuard';
import { loadEntity } from '../catalog/loadEntity';
import type { JudgementStore } from '../database/JudgementStore';
import type { PromotionStore } from '../database/PromotionStore';
import type { StoredPromotion } from '../database/promotionRows';
import type { PromotionEngine } from '../promotions/PromotionEngine';
import type { PromotionService } from '../promotions/PromotionService';
import type { ProductPromotionService } from '../products/ProductPromotionService';
import {
  releaseSourceOf,
  type EntityReleaseSource,
} from '../releases/ReleaseStateService';
import {
  entityRefSchema,
  environmentNameSchema,
  parseInput,
} from '../service/validation';
import { RiskService, normalizeChangeId } from './RiskService';
import type { RiskGates } from './riskGates';
import type { VoteService } from './votes';
import { systemOf, type WindowService } from './windows';

const reason = z
  .string({ required_error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(1000);
const versionString = z.string().min(1).max(255);

export const changeBody = z
  .object({
    entityRef: entityRefSchema,
    change: z.string().min(1).max(64),
    labels: z.record(z.unknown()),
  })
  .strict();

export const resultBody = z
  .object({
    entityRef: entityRefSchema,
    version: versionString,
    environment: environmentNameSchema.optional(),
    kind: z.enum(TEST_RESULT_KINDS as [TestResultKind, ...TestResultKind[]]),
    status: z.enum(['passed', 'failed']),
    toggle: z.enum(['on', 'off']).optional(),
    url: z
      .string()
      .url()
      .max(2000)
      .refine(u => /^https?:\/\//.test(u), 'must be an http(s) URL')
      .optional(),
    summary: z.string().max(2000).optional(),
  })
  .strict();

export const resultsQuery = z
  .object({ entityRef: entityRefSchema, version: versionString.optional() })
  .strict();

export const riskQuery = z
  .object({
    entityRef: entityRefSchema,
    version: versionString.optional(),
    change: z.string().min(1).max(64).optional(),
  })
  .strict();

export const voteBody = z
  .object({
    role: z.string().min(1).max(64),
    decision: z.enum(['go', 'no-go']),
    reason,
  })
  .strict();

export const freezeBody = z
  .object({ system: entityRefSchema, reason })
  .strict();

export const windowQuery = z
  .object({
    entityRef: entityRefSchema,
    environment: environmentNameSchema.optional(),
  })
  .strict();

export const blessedQuery = z.object({ entityRef: entityRefSchema }).strict();

export const unblessBody = z
  .object({ entityRef: entityRefSchema, version: versionString, reason })
  .strict();

/** States in which a promotion takes votes. */
const VOTING_STATES = ['requested', 'waiting-for-gates'];

export function addJudgementRoutes(
  router: express.Router,
  options: {
    guard: RequestGuard;
    catalog: CatalogService;
    judgement: JudgementStore;
    promotions: PromotionStore;
    service: PromotionService;
    engine: PromotionEngine;
    risk: RiskService;
    riskGates: RiskGates;
    votes: VoteService;
    windows: WindowService;
    /** For one vote on a whole product promotion. */
    productPromotions?: Pick<ProductPromotionService, 'get'>;
    allowLocalRepositories: boolean;
    kick: () => void;
  },
) {
  const { guard, catalog, judgement, service, risk, votes, windows } = options;

  async function sourceOf(
    req: express.Request,
    entityRef: string,
    setUp = true,
  ): Promise<{ source: EntityReleaseSource; actor: string }> {
    const { catalogCredentials, actor } = await guard.credentials(req);
    const entity = await loadEntity(catalog, entityRef, catalogCredentials, {
      kind: 'Component',
      setUp,
    });
    return {
      source: releaseSourceOf(entity, {
        allowLocalRepositories: options.allowLocalRepositories,
      }),
      actor,
    };
  }

  /**
   * The version (without prefix) of a release the entity's repository
   * holds, read with the caller's credentials; a 400 naming it otherwise.
   */
  async function releaseVersion(
    entityRef: string,
    given: string,
    credentials: Awaited<
      ReturnType<RequestGuard['credentials']>
    >['catalogCredentials'],
  ): Promise<string> {
    const entity = await loadEntity(catalog, entityRef, credentials, {
      kind: 'Component',
      setUp: true,
    });
    const source = releaseSourceOf(entity, {
      allowLocalRepositories: options.allowLocalRepositories,
    });
    let version: string;
    try {
      version = RiskService.versionOf(source, given);
    } catch (error) {
      throw new InputError(`Invalid request body: ${(error as Error).message}`);
    }
    if (!(await service.hasTag(entity, `${source.tagPrefix}${version}`))) {
      throw new InputError(
        `Invalid request body: version '${given}' is not a release of ${entityRef} (no tag ${source.tagPrefix}${version})`,
      );
    }
    return version;
  }

  /** Labels as the API takes them, or a 400 naming the bad label. */
  function labelsOf(input: Record<string, unknown>) {
    const unknown = Object.keys(input).filter(
      k => !(RISK_LABEL_NAMES as readonly string[]).includes(k),
    );
    if (unknown.length > 0) {
      throw new InputError(
        `Invalid request body: unknown label ${unknown
          .map(u => `'${u}'`)
          .join(', ')}; labels are ${RISK_LABEL_NAMES.join(', ')}`,
      );
    }
    if (Object.keys(input).length === 0) {
      throw new InputError(
        `Invalid request body: labels: at least one of ${RISK_LABEL_NAMES.join(
          ', ',
        )}`,
      );
    }
    try {
      return parseChangeLabels(input);
    } catch (error) {
      if (error instanceof InvalidRiskLabelError)
        throw new InputError(`Invalid request body: ${error.message}`);
      throw error;
    }
  }

  router.post('/changes', async (req, res) => {
    const body = parseInput(changeBody, req.body, 'request body');
    const id = normalizeChangeId(body.change);
    if (!id) {
      throw new InputError(
        `Invalid request body: change '${body.change}' is neither a pull request number (12 or #12) nor a commit sha`,
      );
    }
    const labels = labelsOf(body.labels);
    const { actor } = await guard.authorize(req, {
      permission: releasesChangeReportPermission,
      resourceRef: body.entityRef,
    });
    const { source } = await sourceOf(req, body.entityRef);
    let changeId = id;
    if (!id.startsWith('#')) {
      changeId = await risk.resolveCommit(source, id).catch(() => {
        throw new InputError(
          `Invalid request body: change '${id}' is not a commit of ${body.entityRef}'s repository`,
        );
      });
    }
    const stored = await guard.audited(
      req,
      'change-labels',
      { entityRef: body.entityRef, change: changeId },
      () =>
        judgement.reportLabels({
          entityRef: body.entityRef,
          changeId,
          labels,
          reportedBy: actor,
        }),
    );
    options.riskGates.forget(body.entityRef);
    options.kick();
    let change: ChangeRisk;
    try {
      [change] = (await risk.assess(source, { change: changeId })).changes;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      // Not on the main line yet (a pull request still open): the reported labels alone.
      const labeled: LabeledChangeLabels = {};
      for (const [k, v] of Object.entries(stored.labels)) {
        (labeled as Record<string, unknown>)[k] = {
          value: v,
          source: 'pipeline',
        };
      }
      const a = assessChangeRisk(stored.labels, risk.policy);
      change = {
        id: changeId,
        title: '',
        commits: [],
        level: a.level,
        points: a.points,
        labels: labeled,
        unknown: RISK_LABEL_NAMES.filter(n => !(n in stored.labels)),
        contributions: a.contributions,
        reasons: a.reasons,
        hardRule: a.rule,
      };
    }
    res.status(201).json(change);
  });

  router.get('/risk', async (req, res) => {
    const q = parseInput(riskQuery, req.query, 'query');
    if (q.version && q.change) {
      throw new InputError('Invalid query: give version or change, not both');
    }
    const { source } = await sourceOf(req, q.entityRef);
    res.json(
      await risk.assess(
        source,
        q.change ? { change: q.change } : { version: q.version ?? 'next' },
      ),
    );
  });

  router.post('/results', async (req, res) => {
    const body = parseInput(resultBody, req.body, 'request body');
    if (body.environment) service.environment(body.environment);
    const { actor, catalogCredentials } = await guard.authorize(req, {
      permission: releasesResultReportPermission,
      resourceRef: body.entityRef,
    });
    const version = await releaseVersion(
      body.entityRef,
      body.version,
      catalogCredentials,
    );
    const result = await guard.audited(
      req,
      'test-result',
      {
        entityRef: body.entityRef,
        version,
        kind: body.kind,
        status: body.status,
      },
      () =>
        judgement.addResult({
          entityRef: body.entityRef,
          version,
          environment: body.environment ?? null,
          kind: body.kind,
          status: body.status,
          toggle: body.toggle ?? null,
          url: body.url ?? null,
          summary: body.summary ?? null,
          reportedBy: actor,
        }),
      'low',
    );
    options.riskGates.forget(body.entityRef);
    options.kick();
    res.status(201).json(result);
  });

  router.get('/results', async (req, res) => {
    const q = parseInput(resultsQuery, req.query, 'query');
    const { source } = await sourceOf(req, q.entityRef, false);
    const version = q.version
      ? RiskService.versionOf(source, q.version)
      : undefined;
    res.json({
      entityRef: q.entityRef,
      results: await judgement.results(q.entityRef, { version }),
    });
  });

  /** A promotion, if the caller may see its entity (hidden like its entity otherwise). */
  async function visiblePromotion(req: express.Request, id: string) {
    const promotion = await options.promotions.get(id);
    if (!promotion) throw new NotFoundError(`Promotion ${id} not found`);
    const { catalogCredentials } = await guard.credentials(req);
    await loadEntity(catalog, promotion.entityRef, catalogCredentials, {
      kind: 'Component',
    }).catch(() => {
      throw new NotFoundError(`Promotion ${id} not found`);
    });
    return promotion;
  }

  router.get('/promotions/:id/votes', async (req, res) => {
    const promotion = await visiblePromotion(req, req.params.id);
    const { actor, credentials } = await guard.credentials(req);
    const roles = votes.rolesFor(promotion.environment);
    const body: PromotionVotesResponse = {
      promotionId: promotion.id,
      roles: await Promise.all(
        roles.map(async role => ({
          role,
          groups: votes.groupsOf(role),
          mayVote: actor.startsWith('user:')
            ? await votes.mayVote(role, actor, credentials)
            : false,
        })),
      ),
      votes: await votes.votesOf(promotion),
    };
    res.json(body);
  });

  /**
   * Whether `actor` may cast this vote on this promotion now; throws the
   * reason (400 for a role the environment lacks, 403, 409) otherwise.
   */
  async function checkVote(
    promotion: StoredPromotion,
    body: z.infer<typeof voteBody>,
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const roles = votes.rolesFor(promotion.environment);
    if (roles.length === 0) {
      throw new InputError(
        `${promotion.environment} takes no go/no-go votes (releases.votes.environments)`,
      );
    }
    if (!roles.includes(body.role)) {
      throw new InputError(
        `Invalid request body: role '${body.role}' does not vote in ${
          promotion.environment
        }; its roles are ${roles.join(', ')}`,
      );
    }
    if (!(await votes.mayVote(body.role, actor, credentials))) {
      throw new NotAllowedError(
        `${actor} may not vote for ${body.role}: only members of ${votes
          .groupsOf(body.role)
          .join(', ')} do`,
      );
    }
    if (!VOTING_STATES.includes(promotion.state) || !promotion.version) {
      throw new ConflictError(
        `Promotion ${promotion.id} is ${promotion.state}; votes are taken while it waits for its gates`,
      );
    }
    const system = await windows.systemOfRef(promotion.entityRef);
    if (!windows.votingOpen(system, promotion.environment)) {
      const status = await windows.status(system, promotion.environment);
      throw new ConflictError(
        `Votes for ${promotion.environment} are not open yet${
          status.votesOpenAt ? `; they open at ${status.votesOpenAt}` : ''
        }`,
      );
    }
  }

  const newVote = (
    promotion: StoredPromotion,
    body: z.infer<typeof voteBody>,
    voter: string,
  ) => ({
    promotionId: promotion.id,
    entityRef: promotion.entityRef,
    environment: promotion.environment,
    version: promotion.version!,
    role: body.role,
    decision: body.decision,
    reason: body.reason,
    voter,
  });

  router.post('/promotions/:id/votes', async (req, res) => {
    const body = parseInput(voteBody, req.body, 'request body');
    const promotion = await options.promotions.get(req.params.id);
    if (!promotion)
      throw new NotFoundError(`Promotion ${req.params.id} not found`);
    const { actor, credentials } = await guard.authorize(req, {
      permission: releasesPromotionVotePermission,
      resourceRef: promotion.entityRef,
    });
    await checkVote(promotion, body, actor, credentials);
    const vote = await guard.audited(
      req,
      'promotion-vote',
      {
        promotionId: promotion.id,
        role: body.role,
        decision: body.decision,
      },
      () => judgement.addVote(newVote(promotion, body, actor)),
    );
    // The votes gate may be the last one: let the promotion start now.
    const settled = await options.engine.settleGates(promotion.id, {
      actor,
      reason: `${body.role} voted ${body.decision}: ${body.reason}`,
    });
    if (settled?.state === 'approved') options.kick();
    res.status(201).json({ ...vote, void: false });
  });

  /*
   * One vote for a whole product promotion: cast on every component's
   * promotion that still takes votes, all or none, after each passed the
   * checks a vote on it alone would.
   */
  router.post('/products/promotions/:id/votes', async (req, res) => {
    const body = parseInput(voteBody, req.body, 'request body');
    // A service is refused before anything is read.
    await guard.personOnly(req, releasesPromotionVotePermission);
    const product = await options.productPromotions?.get(req.params.id);
    if (!product)
      throw new NotFoundError(`Product promotion ${req.params.id} not found`);
    // The product first, as its promotion was authorized, then each component.
    await guard.authorize(req, {
      permission: releasesPromotionVotePermission,
      resourceRef: product.system,
    });
    const members: StoredPromotion[] = [];
    for (const m of product.members) {
      const p = await options.promotions.get(m.promotionId);
      if (p && VOTING_STATES.includes(p.state)) members.push(p);
    }
    if (members.length === 0) {
      throw new ConflictError(
        `Product promotion ${product.id} is ${product.state}; none of its components waits for votes`,
      );
    }
    let actor = '';
    for (const p of members) {
      const allowed = await guard.authorize(req, {
        permission: releasesPromotionVotePermission,
        resourceRef: p.entityRef,
      });
      actor = allowed.actor;
      await checkVote(p, body, allowed.actor, allowed.credentials);
    }
    const cast = await guard.audited(
      req,
      'product-promotion-vote',
      {
        productPromotionId: product.id,
        system: product.system,
        role: body.role,
        decision: body.decision,
      },
      () => judgement.addVotes(members.map(p => newVote(p, body, actor))),
    );
    let approved = false;
    for (const p of members) {
      const settled = await options.engine.settleGates(p.id, {
        actor,
        reason: `${body.role} voted ${body.decision} for ${product.system} ${product.tag}: ${body.reason}`,
      });
      approved ||= settled?.state === 'approved';
    }
    if (approved) options.kick();
    res.status(201).json({
      productPromotionId: product.id,
      votes: cast.map(v => ({ ...v, void: false })),
    });
  });

  router.get('/freezes', async (_req, res) => {
    res.json({ freezes: await judgement.freezes() });
  });

  async function systemRef(req: express.Request, ref: string) {
    const { catalogCredentials } = await guard.credentials(req);
    const entity = await loadEntity(catalog, ref, catalogCredentials, {
      kind: 'System',
    });
    return `system:${entity.metadata.namespace ?? 'default'}/${
      entity.metadata.name
    }`.toLocaleLowerCase('en-US');
  }

  router.post('/freezes', async (req, res) => {
    const body = parseInput(freezeBody, req.body, 'request body');
    const { actor } = await guard.authorize(req, {
      permission: releasesFreezePermission,
    });
    const system = await systemRef(req, body.system);
    const freeze = {
      system,
      reason: body.reason,
      by: actor,
      at: new Date().toISOString(),
    };
    const frozen = await guard.audited(req, 'product-freeze', { system }, () =>
      judgement.freeze(freeze),
    );
    if (!frozen) {
      const [current] = await judgement.freezes([system]);
      throw new ConflictError(
        `${system} is frozen already, by ${current?.by} since ${current?.at}: ${current?.reason}`,
      );
    }
    res.status(201).json(freeze);
  });

  router.post('/freezes/lift', async (req, res) => {
    const body = parseInput(freezeBody, req.body, 'request body');
    const { actor } = await guard.authorize(req, {
      permission: releasesFreezePermission,
    });
    const system = await systemRef(req, body.system);
    const lifted = await guard.audited(
      req,
      'product-unfreeze',
      { system },
      () => judgement.lift(system, { actor, reason: body.reason }),
    );
    if (!lifted) throw new NotFoundError(`${system} is not frozen`);
    options.kick();
    res.json({ lifted });
  });

  router.get('/windows', async (req, res) => {
    const q = parseInput(windowQuery, req.query, 'query');
    const { catalogCredentials } = await guard.credentials(req);
    const entity = await catalog.getEntityByRef(q.entityRef, {
      credentials: catalogCredentials,
    });
    if (!entity)
      throw new NotFoundError(`Entity ${q.entityRef} not found in the catalog`);
    const environment = q.environment ?? 'prod';
    service.environment(environment);
    res.json(await windows.status(systemOf(entity), environment));
  });

  router.get('/blessed', async (req, res) => {
    const q = parseInput(blessedQuery, req.query, 'query');
    await sourceOf(req, q.entityRef, false);
    res.json({ releases: await judgement.blessings(q.entityRef) });
  });

  router.post('/blessed/unbless', async (req, res) => {
    const body = parseInput(unblessBody, req.body, 'request body');
    const { actor, catalogCredentials } = await guard.authorize(req, {
      permission: releasesReleaseBlessPermission,
      resourceRef: body.entityRef,
    });
    const version = await releaseVersion(
      body.entityRef,
      body.version,
      catalogCredentials,
    );
    const blessing = await guard.audited(
      req,
      'release-unbless',
      { entityRef: body.entityRef, version },
      () =>
        judgement.setBlessing({
          entityRef: body.entityRef,
          version,
          blessed: false,
          reason: body.reason,
          by: actor,
        }),
    );
    res.json(blessing);
  });
}
