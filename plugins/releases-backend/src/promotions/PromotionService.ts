/*
 * Promotion requests: where an entity's code and environments live, the
 * version plan for a request, and the decisions people take (approve,
 * reject, abort). The engine (PromotionEngine) moves what this stores.
 *
 * Over 400 lines: planning needs the entity's repositories, which the
 * decisions and the engine reach through this class; splitting it would
 * pass the same lookups around.
 */
import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { Entity } from '@backstage/catalog-model';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ConflictError,
  NotAllowedError,
} from '@backstage/errors';
import {
  InvalidVersionError,
  NoReleaseCandidateError,
  NothingToPromoteError,
  RELEASES_ENVIRONMENT_REPO_ANNOTATION,
  UnknownVersionError,
  VersionJumpError,
  WIP_VERSION,
  isAbortable,
  isValidRefName,
  parseSchemaFile,
  planPromotionVersion,
  planSchemaStep,
  RELEASES_SCHEMA_FILE_ANNOTATION,
  SchemaDowngradeError,
  type SchemaDeclaration,
  type SchemaStep,
  previousEnvironment,
  type EnvironmentDefinition,
  type Promotion,
  type VersionPlan,
} from '@releases-for-backstage/plugin-releases-common';
import {
  EnvironmentRepository,
  GitRepository,
  RepositoryLocator,
  isRemoteLocation,
  readUnreleased,
  runGit,
  type EnvironmentBranchPublisher,
} from '@releases-for-backstage/plugin-releases-node';
import type { DeploymentStore } from '../database/DeploymentStore';
import { syncEnvironments } from '../environments/syncEnvironments';
import type {
  NewPromotion,
  PromotionStore,
  StoredPromotion,
} from '../database/PromotionStore';
import {
  releaseSourceOf,
  type EntityReleaseSource,
} from '../releases/ReleaseStateService';

/** What a person or pipeline asks for (`POST /promotions`, less the override). */
export interface PromotionRequest {
  entityRef: string;
  environment: string;
  version?: string;
  idempotencyKey?: string;
  rollback?: boolean;
  reason?: string;
  allowJump?: boolean;
  /** qa may redeploy an existing final release (product promotions only). */
  redeployFinal?: boolean;
}

export interface PromotionTarget extends EntityReleaseSource {
  component: string;
  environmentRepo: string;
  /** The file holding each commit's database schema version, if the component declares one. */
  schemaFile: string | null;
}

export interface PromotionServiceOptions {
  store: PromotionStore;
  deployments: DeploymentStore;
  catalog: CatalogService;
  /** The plugin's own credentials read the catalog during execution. */
  auth: AuthService;
  locator: RepositoryLocator;
  logger: LoggerService;
  environments: EnvironmentDefinition[];
  allowLocalRepositories: boolean;
  author: { name: string; email: string };
  /**
   * How writes reach a remote environment repository's branch (e.g. a
   * pull request on GitHub); undefined, or no factory: a non-forced push.
   */
  environmentPublisher?: (
    location: string,
  ) => EnvironmentBranchPublisher | undefined;
  /** The requester may approve their own promotion (default: no, four eyes). */
  allowSelfApproval?: boolean;
  /** Called after every state change, for notifications and signals. */
  onChange?: (promotion: StoredPromotion) => void | Promise<void>;
  /**
   * Versions (without tag prefix) of the entity's blessed releases: a
   * rollback goes to the newest of them the environment ran, and to the
   * last known-good version only when there is none.
   */
  blessedVersions?: (entityRef: string) => Promise<Set<string>>;
  /**
   * The database schema a pipeline reported for a release tag, for
   * components whose repository holds no schema file at that commit.
   */
  reportedSchema?: (
    entityRef: string,
    tag: string,
  ) => Promise<SchemaDeclaration | null>;
}

function planError(error: unknown): never {
  if (
    error instanceof NoReleaseCandidateError ||
    error instanceof NothingToPromoteError ||
    error instanceof UnknownVersionError ||
    error instanceof InvalidVersionError ||
    error instanceof VersionJumpError
  ) {
    throw new InputError(error.message);
  }
  throw error;
}

/**
 * Creates promotions and moves them through the state machine. Requests
 * are planned (version rules, tags) before anything is written, so bad
 * input never leaves a trace; execution runs in the scheduler's task and
 * every step is idempotent, so a promotion cut off by a crash resumes.
 */
export class PromotionService {
  constructor(private readonly options: PromotionServiceOptions) {}

  get environments(): EnvironmentDefinition[] {
    return this.options.environments;
  }

  environment(name: string): EnvironmentDefinition {
    const env = this.options.environments.find(e => e.name === name);
    if (!env) {
      throw new InputError(
        `Unknown environment '${name}'; environments are ${this.options.environments
          .map(e => e.name)
          .join(', ')}`,
      );
    }
    return env;
  }

  /** Loads an entity and where its releases and environments live. */
  async target(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<PromotionTarget> {
    const { catalog } = this.options;
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`Entity ${entityRef} not found in the catalog`);
    const source = releaseSourceOf(entity, {
      allowLocalRepositories: this.options.allowLocalRepositories,
    });
    const environmentRepo = await this.environmentRepoOf(entity, credentials);
    if (
      !isRemoteLocation(environmentRepo) &&
      !this.options.allowLocalRepositories
    ) {
      throw new InputError(
        `Entity ${entityRef} names a local environment repository, which this backend does not allow`,
      );
    }
    const schemaFile =
      entity.metadata.annotations?.[RELEASES_SCHEMA_FILE_ANNOTATION] ?? null;
    if (
      schemaFile !== null &&
      (schemaFile === '' ||
        schemaFile.startsWith('/') ||
        schemaFile.split('/').some(s => s === '..' || s === '') ||
        !/^[\w./-]+$/.test(schemaFile))
    ) {
      throw new InputError(
        `Entity ${entityRef} has an invalid ${RELEASES_SCHEMA_FILE_ANNOTATION} annotation '${schemaFile}': a path inside its repository`,
      );
    }
    return {
      ...source,
      component: entity.metadata.name,
      environmentRepo,
      schemaFile,
    };
  }

  private async environmentRepoOf(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<string> {
    const own =
      entity.metadata.annotations?.[RELEASES_ENVIRONMENT_REPO_ANNOTATION];
    if (own) return own;
    const system = (entity.spec as { system?: string } | undefined)?.system;
    if (system) {
      const systemRef = stringifyEntityRef(
        parseEntityRef(system, {
          defaultKind: 'system',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      );
      const sys = await this.options.catalog.getEntityByRef(systemRef, {
        credentials,
      });
      const fromSystem =
        sys?.metadata.annotations?.[RELEASES_ENVIRONMENT_REPO_ANNOTATION];
      if (fromSystem) return fromSystem;
    }
    throw new NotFoundError(
      `Neither ${stringifyEntityRef(
        entity,
      )} nor its system has a ${RELEASES_ENVIRONMENT_REPO_ANNOTATION} annotation`,
    );
  }

  /** The environment repository at `location`, with the publisher its host needs. */
  async environmentRepository(
    location: string,
  ): Promise<EnvironmentRepository> {
    const repo = await this.options.locator.open(location);
    const remote = isRemoteLocation(location);
    const publisher = remote
      ? this.options.environmentPublisher?.(location)
      : undefined;
    return new EnvironmentRepository(repo, { remote, publisher });
  }

  /** True when `tag` is a tag of the entity's repository. */
  async hasTag(entity: Entity, tag: string): Promise<boolean> {
    const source = releaseSourceOf(entity, {
      allowLocalRepositories: this.options.allowLocalRepositories,
    });
    const app = await this.options.locator.open(source.repo);
    return (await app.listTags()).some(t => t.name === tag);
  }

  /** The `environment:` block of an environment's file on its branch. */
  async environmentBlock(target: PromotionTarget, env: EnvironmentDefinition) {
    const envRepo = await this.environmentRepository(target.environmentRepo);
    return (await envRepo.read(env)).environment;
  }

  /** What an environment runs according to its branch. */
  async deployedIn(target: PromotionTarget, env: EnvironmentDefinition) {
    const envRepo = await this.environmentRepository(target.environmentRepo);
    const file = await envRepo.read(env);
    return file.components[target.component] ?? null;
  }

  /** Brings the recorded state in line with the environment branches (see syncEnvironments). */
  async syncEnvironments(target: PromotionTarget): Promise<number> {
    const { store, deployments, environments } = this.options;
    return syncEnvironments({
      target,
      environments,
      environmentRepository: await this.environmentRepository(
        target.environmentRepo,
      ),
      promotions: store,
      deployments,
    });
  }

  /** Validates, plans and stores a promotion; resolves without executing it. */
  async create(
    request: PromotionRequest,
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<{ promotion: Promotion; created: boolean }> {
    const { store } = this.options;
    if (request.idempotencyKey) {
      const existing = await store.findByIdempotencyKey(request.idempotencyKey);
      if (existing) {
        if (
          existing.entityRef !== request.entityRef ||
          existing.environment !== request.environment
        ) {
          throw new ConflictError(
            `Idempotency key '${request.idempotencyKey}' was used for another promotion (${existing.id})`,
          );
        }
        return { promotion: await store.withEvents(existing), created: false };
      }
    }
    const { target: _target, ...planned } = await this.prepare(
      request,
      actor,
      credentials,
    );
    const { promotion, created } = await store.create(planned);
    if (created) await this.options.onChange?.(promotion);
    return { promotion: await store.withEvents(promotion), created };
  }

  /**
   * Validates and plans a promotion without storing it: the version rules,
   * the rollback target, the active promotion that blocks it. Throws the
   * 4xx that names what is wrong; writes nothing.
   */
  async prepare(
    request: PromotionRequest,
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<NewPromotion & { target: PromotionTarget }> {
    const { store, deployments } = this.options;
    const env = this.environment(request.environment);
    const requested = request.version ?? null;
    if (
      requested !== null &&
      requested !== WIP_VERSION &&
      !isValidRefName(`refs/tags/${requested}`)
    ) {
      throw new InputError(
        `Invalid version '${requested}': not a valid Git tag name`,
      );
    }
    if (request.rollback && requested !== null) {
      throw new InputError(
        'A rollback takes no version: it returns to the last known-good one',
      );
    }
    const target = await this.target(request.entityRef, credentials);
    const active = await store.activeFor(request.entityRef, env.name);
    if (active) {
      throw new ConflictError(
        `Promotion ${active} is already active for ${request.entityRef} in ${env.name}`,
      );
    }

    const current = await this.deployedIn(target, env);
    let plan: VersionPlan;
    const app = await this.options.locator.open(target.repo);
    let rollbackNote: string | null = null;
    if (request.rollback) {
      // The branches' history becomes deployment records on first look; a
      // rollback must not depend on someone having looked.
      await this.syncEnvironments(target);
      let good = await deployments.lastKnownGood(
        request.entityRef,
        env.name,
        current?.version ?? null,
      );
      if (good && this.options.blessedVersions) {
        const blessed = await this.options.blessedVersions(request.entityRef);
        const ran = await deployments.succeededVersions(
          request.entityRef,
          env.name,
          current?.version ?? null,
        );
        const best = ran.find(r =>
          blessed.has(
            r.version.startsWith(target.tagPrefix)
              ? r.version.slice(target.tagPrefix.length)
              : r.version,
          ),
        );
        if (best) {
          good = best;
          rollbackNote = `to ${best.version}, the last blessed release ${env.name} ran`;
        } else {
          rollbackNote = `to ${good.version}, the last known-good version: no blessed release ran in ${env.name}`;
        }
      }
      if (!good) {
        throw new InputError(
          `No earlier known-good version of ${request.entityRef} in ${env.name} to roll back to`,
        );
      }
      plan =
        good.version === WIP_VERSION
          ? { kind: 'wip', version: WIP_VERSION, sha: good.sha ?? '' }
          : {
              kind: 'existing',
              tag: good.version,
              version: good.version,
              sha: good.sha ?? (await app.resolveCommit(good.version)),
            };
    } else {
      plan = await this.plan(
        app,
        target,
        env,
        requested,
        Boolean(request.allowJump),
        Boolean(request.redeployFinal),
      );
    }
    const version = plan.kind === 'wip' ? WIP_VERSION : plan.tag;
    const schema = await this.schemaStep(
      app,
      target,
      env,
      version,
      plan.sha || null,
      current?.schema ?? null,
    );
    return {
      target,
      schema,
      entityRef: request.entityRef,
      environment: env.name,
      requestedVersion: requested,
      planKind: plan.kind,
      version,
      sha: plan.sha || null,
      fromTag: plan.kind === 'create-tag' ? plan.fromTag : null,
      previousVersion: current?.version ?? null,
      rollback: Boolean(request.rollback),
      idempotencyKey: request.idempotencyKey ?? null,
      actor,
      reason: [request.reason, rollbackNote].filter(Boolean).join('; ') || null,
    };
  }

  /**
   * The database schema step, when the component names a schema file:
   * refuses (409, with the reason) a release older than the environment's
   * schema that does not run on it, rollbacks included.
   */
  private async schemaStep(
    app: GitRepository,
    target: PromotionTarget,
    env: EnvironmentDefinition,
    version: string,
    sha: string | null,
    environment: number | null,
  ): Promise<SchemaStep | null> {
    let release: SchemaDeclaration | null = null;
    let file = target.schemaFile && sha ? target.schemaFile : null;
    if (target.schemaFile && sha) {
      const shown = await runGit(['show', `${sha}:${target.schemaFile}`], {
        cwd: app.dir,
        config: app.config,
        okExitCodes: [128],
      });
      try {
        release =
          shown.exitCode === 0
            ? parseSchemaFile(
                shown.stdout,
                `${target.schemaFile} at ${version}`,
              )
            : null;
      } catch (error) {
        throw new InputError((error as Error).message);
      }
    }
    // The file wins; without one at that commit, what the pipeline reported.
    if (!release && version !== WIP_VERSION && this.options.reportedSchema) {
      release = await this.options.reportedSchema(target.entityRef, version);
      if (release) file = "the pipeline's report";
    }
    if (!file) return null;
    try {
      return planSchemaStep({
        what: `${target.component} ${version}`,
        environmentName: env.name,
        environment,
        release,
        file,
      });
    } catch (error) {
      if (error instanceof SchemaDowngradeError)
        throw new ConflictError(error.message);
      throw error;
    }
  }

  private async plan(
    app: GitRepository,
    target: PromotionTarget,
    env: EnvironmentDefinition,
    requested: string | null,
    allowJump: boolean,
    redeployFinal = false,
  ): Promise<VersionPlan> {
    const prev = previousEnvironment(this.options.environments, env.name);
    const previous = prev ? await this.deployedIn(target, prev) : null;
    const tags = await app.listTags();
    // A release branch `release/X.Y.Z` carries fixes for that version.
    let headRef = 'HEAD';
    if (
      requested &&
      /^\d+\.\d+\.\d+$/.test(requested) &&
      (await app.resolveCommit(`release/${requested}`).catch(() => null))
    ) {
      headRef = `release/${requested}`;
    }
    const unreleased = await readUnreleased(app, {
      to: headRef,
      tagPrefix: target.tagPrefix,
      preset: target.preset,
    });
    try {
      return planPromotionVersion({
        environment: env,
        requested,
        previous: previous
          ? { version: previous.version, sha: previous.commit }
          : null,
        tags: tags.map(t => ({ name: t.name, sha: t.sha })),
        prefix: target.tagPrefix,
        head: { sha: unreleased.headSha, nextVersion: unreleased.next },
        releaseBranch: headRef !== 'HEAD',
        allowJump,
        redeployFinal,
      });
    } catch (error) {
      return planError(error);
    }
  }

  async abort(
    id: string,
    actor: string,
    reason: string | null,
  ): Promise<Promotion> {
    return this.moveByPerson(id, p => {
      if (!isAbortable(p.state)) {
        throw new ConflictError(
          `Promotion ${id} is ${p.state} and can no longer be aborted`,
        );
      }
      return {
        to: 'aborted',
        actor,
        reason: reason ?? 'aborted',
        audit: 'promotion-abort',
      };
    });
  }

  /**
   * A person's decision on a promotion waiting for its gates: an approval
   * is recorded for the approval gate (the engine then re-evaluates the
   * gates), a rejection ends the promotion. Someone else than the requester
   * must decide unless self-approval is allowed.
   */
  async decide(
    id: string,
    decision: 'approve' | 'reject',
    actor: string,
    reason: string | null,
  ): Promise<Promotion> {
    const check = (p: StoredPromotion) => {
      if (p.state !== 'waiting-for-gates') {
        throw new ConflictError(
          `Promotion ${id} is ${p.state}, not waiting for approval`,
        );
      }
      if (!this.options.allowSelfApproval && actor === p.createdBy) {
        throw new NotAllowedError(
          `${actor} requested promotion ${id} and cannot ${decision} it; someone else must`,
        );
      }
    };
    if (decision === 'reject') {
      return this.moveByPerson(id, p => {
        check(p);
        return {
          to: 'rejected',
          actor,
          reason: reason ?? `rejected by ${actor}`,
          audit: 'promotion-reject',
        };
      });
    }
    const p = await this.options.store.get(id);
    if (!p) throw new NotFoundError(`Promotion ${id} not found`);
    check(p);
    await this.options.store.addDecision(p, { actor, decision, reason });
    return this.options.store.withEvents(p);
  }

  /**
   * A transition a person asked for, as a compare-and-set: `plan` checks
   * the promotion as read (throwing when the step is not allowed) and names
   * the step; when the engine moved it meanwhile, it is read and checked again.
   */
  private async moveByPerson(
    id: string,
    plan: (
      p: StoredPromotion,
    ) => { to: StoredPromotion['state'] } & Parameters<
      PromotionStore['transition']
    >[2],
  ): Promise<Promotion> {
    const { store } = this.options;
    for (let attempt = 0; attempt < 5; attempt++) {
      const p = await store.get(id);
      if (!p) throw new NotFoundError(`Promotion ${id} not found`);
      const { to, ...step } = plan(p);
      const moved = await store.transition(p, to, step);
      if (moved) {
        await this.options.onChange?.(moved);
        return store.withEvents(moved);
      }
    }
    throw new ConflictError(`Promotion ${id} kept changing; try again`);
  }
}
