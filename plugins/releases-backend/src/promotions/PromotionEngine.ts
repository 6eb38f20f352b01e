/*
 * The promotion engine: moves promotions through the state machine, one
 * short handler per state. Gates decide whether a promotion starts,
 * executors carry it out (the Git executor first), verification proves it;
 * a failure after the environment branch was written puts the previous
 * version back through the same executors. Every handler is idempotent and
 * keeps what it needs in the promotion's execution record, so a promotion
 * cut off by a crash resumes where it was.
 *
 * Over 400 lines: the six handlers stay in one file so the state machine
 * reads top to bottom, in the order a promotion goes through it.
 */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  EnvironmentDefinition,
  PromotionGate as CheckState,
  PromotionState,
} from '@releases-for-backstage/plugin-releases-common';
import {
  isRemoteLocation,
  type JsonObject,
  type PromotionCheckContext,
  type PromotionExecution,
  type PromotionExecutor,
  type RepositoryLocator,
} from '@releases-for-backstage/plugin-releases-node';
import type { DeploymentStore } from '../database/DeploymentStore';
import type {
  ExecutionRecord,
  PromotionStore,
  StoredPromotion,
} from '../database/PromotionStore';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';
import type { ProductPromotionRunner } from '../products/ProductPromotionRunner';
import type { PromotionService, PromotionTarget } from './PromotionService';
import {
  mergeSettings,
  settingsInFile,
  describeChecks,
  evaluateChecks,
  overall,
  type Check,
  type EnvironmentSettings,
} from './checks';

/** Points between execution steps, in order; crash tests stop the process at each. */
export type ExecutionStep =
  | 'approved'
  | 'executing'
  | 'tagged'
  | 'environment-written'
  | 'verifying'
  | 'recorded'
  | 'rolling-back'
  | 'reverted';

export interface PromotionEngineOptions {
  store: PromotionStore;
  deployments: DeploymentStore;
  service: PromotionService;
  /** The plugin's own credentials read the catalog during execution. */
  auth: AuthService;
  locator: RepositoryLocator;
  logger: LoggerService;
  author: { name: string; email: string };
  /** The Git executor first, then those added through `releases.executors`. */
  executors: PromotionExecutor[];
  /** The approval gate first, then those added through `releases.gates`. */
  gates: Check[];
  verifiers: Check[];
  /** Per environment name, from `releases.environments`. */
  settings?: Record<string, EnvironmentSettings>;
  /** How long verification (and an undo) may take before it fails. */
  verificationTimeoutMs: number;
  /** Runs the components of a product promotion together. */
  products?: ProductPromotionRunner;
  refreshReleases?: (source: EntityReleaseSource) => Promise<unknown>;
  onChange?: (promotion: StoredPromotion) => void | Promise<void>;
  onStep?: (
    step: ExecutionStep,
    promotion: StoredPromotion,
  ) => void | Promise<void>;
}

/** A handler's answer: the promotion after its step, WAIT to come back next pass, or undefined when another worker moved it. */
const WAIT = Symbol('wait');
type StepResult = StoredPromotion | undefined | typeof WAIT;

const SYSTEM = 'releases:engine';

export class PromotionEngine {
  private readonly handlers: Partial<
    Record<PromotionState, (p: StoredPromotion) => Promise<StepResult>>
  > = {
    requested: p => this.gatesStep(p),
    'waiting-for-gates': p => this.gatesStep(p),
    approved: p => this.approvedStep(p),
    executing: p => this.executeStep(p),
    verifying: p => this.verifyStep(p),
    'rolling-back': p => this.undoStep(p),
  };

  constructor(private readonly options: PromotionEngineOptions) {}

  /**
   * Moves every unfinished promotion forward; run by the scheduler. The
   * components of a product promotion wait for each other, so while one of
   * them moves, the pass goes round again for the others.
   */
  async runPending(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      let productMoved = false;
      for (const p of await this.options.store.runnable()) {
        try {
          const after = await this.advance(p);
          if (p.productPromotionId && after.revision !== p.revision)
            productMoved = true;
        } catch (error) {
          this.options.logger.error(
            `Promotion ${p.id} could not advance: ${(error as Error).message}`,
          );
        }
      }
      if (!productMoved) return;
    }
  }

  /** Drives one promotion until it waits or ends, stopping if another worker moves it. */
  async advance(start: StoredPromotion): Promise<StoredPromotion> {
    let p: StoredPromotion | undefined = start;
    while (p) {
      const handler: ((p: StoredPromotion) => Promise<StepResult>) | undefined =
        this.handlers[p.state];
      if (!handler) return p;
      const next: StepResult = p.productPromotionId
        ? await this.productStep(p, handler)
        : await handler(p);
      if (next === WAIT) return p;
      p = next;
    }
    return (await this.options.store.get(start.id))!;
  }

  /**
   * Evaluates a waiting promotion's gates now (after a decision arrived)
   * and lets it start when they are met; execution waits for the next pass.
   */
  async settleGates(
    id: string,
    cause?: { actor: string; reason: string | null },
  ): Promise<StoredPromotion | undefined> {
    const p = await this.options.store.get(id);
    if (!p || (p.state !== 'requested' && p.state !== 'waiting-for-gates'))
      return p;
    const next = await this.gatesStep(p, cause);
    return next === WAIT ? p : next ?? (await this.options.store.get(id));
  }

  private async move(
    p: StoredPromotion,
    to: PromotionState,
    opts: Parameters<PromotionStore['transition']>[2],
  ) {
    const moved = await this.options.store.transition(p, to, opts);
    if (moved) {
      await this.options.onChange?.(moved);
      if (
        to === 'approved' ||
        to === 'executing' ||
        to === 'verifying' ||
        to === 'rolling-back'
      ) {
        await this.options.onStep?.(to, moved);
      }
    }
    return moved;
  }

  // --- product promotions ------------------------------------------------

  /** A component of a product promotion: the product may stop or undo it first. */
  private async productStep(
    p: StoredPromotion,
    handler: (p: StoredPromotion) => Promise<StepResult>,
  ): Promise<StepResult> {
    const directive = await this.options.products!.directive(p);
    if (directive.kind === 'abort') {
      return this.move(p, 'aborted', {
        actor: SYSTEM,
        reason: directive.reason,
        audit: 'promotion-abort',
      });
    }
    if (directive.kind === 'undo') {
      let at: StoredPromotion | undefined = p;
      if (p.state === 'approved') {
        // Recorded by the product's commit although not yet executing.
        at = await this.move(p, 'executing', {
          actor: SYSTEM,
          reason: null,
          set: {
            execution: {
              started: ['git'],
              handles: { git: { commit: directive.commit } },
            },
          },
        });
        if (!at) return undefined;
      }
      return this.startUndo(
        at,
        structuredClone(at.execution),
        directive.reason,
      );
    }
    return handler(p);
  }

  private async approvedStep(p: StoredPromotion): Promise<StepResult> {
    if (p.productPromotionId && !(await this.options.products!.allApproved(p)))
      return WAIT;
    return this.move(p, 'executing', { actor: SYSTEM, reason: null });
  }

  // --- gates -------------------------------------------------------------

  /** `cause`: the person whose decision met the last gate, named on the approval. */
  private async gatesStep(
    p: StoredPromotion,
    cause?: { actor: string; reason: string | null },
  ): Promise<StepResult> {
    const gates = await this.evaluate(p, 'gates', this.options.gates);
    await this.options.store.saveChecks(p, 'gates', gates);
    switch (overall(gates)) {
      case 'failed':
        return this.move(p, 'rejected', {
          actor: SYSTEM,
          reason: describeChecks(gates, 'failed'),
          audit: 'promotion-rejected',
        });
      case 'met': {
        const met = gates.filter(g => g.required && g.status === 'met');
        const reason =
          met.length === 0
            ? 'no gates apply'
            : met.map(g => g.detail ?? `${g.id} met`).join('; ');
        return this.move(p, 'approved', {
          actor: cause?.actor ?? SYSTEM,
          reason: cause?.reason ?? reason,
        });
      }
      default:
        if (p.state === 'waiting-for-gates') return WAIT;
        return this.move(p, 'waiting-for-gates', {
          actor: SYSTEM,
          reason: `waiting for ${describeChecks(gates, 'pending')}`,
        });
    }
  }

  private async evaluate(
    p: StoredPromotion,
    kind: 'gates' | 'verifiers',
    checks: Check[],
  ): Promise<CheckState[]> {
    if (checks.length === 0) return [];
    const env = this.options.service.environment(p.environment);
    const context: Omit<PromotionCheckContext, 'settings'> = {
      promotionId: p.id,
      entityRef: p.entityRef,
      component: parseEntityRef(p.entityRef).name,
      environment: env,
      version: p.version!,
      sha: p.sha,
      previousVersion: p.previousVersion,
      rollback: p.rollback,
      requestedBy: p.createdBy,
      decisions: await this.options.store.decisions(p.id),
    };
    const settings = await this.settingsFor(p);
    return evaluateChecks(checks, context, id => ({
      ...(settings[kind]?.[id] ?? {}),
    }));
  }

  /**
   * The environment's settings of executors, gates and verifiers: its
   * file's `environment:` block under `releases.environments` config. An
   * unreadable file leaves config alone (the executors will say why).
   */
  private async settingsFor(
    p: StoredPromotion,
    known?: PromotionTarget,
  ): Promise<EnvironmentSettings> {
    const env = this.options.service.environment(p.environment);
    let file: EnvironmentSettings = {};
    try {
      const target =
        known ??
        (await this.options.service.target(
          p.entityRef,
          await this.options.auth.getOwnServiceCredentials(),
        ));
      file = settingsInFile(
        await this.options.service.environmentBlock(target, env),
      );
    } catch {
      // Config only.
    }
    return mergeSettings(file, this.options.settings?.[env.name] ?? {});
  }

  // --- execution ---------------------------------------------------------

  private async executeStep(p: StoredPromotion): Promise<StepResult> {
    const { store } = this.options;
    const execution: ExecutionRecord = structuredClone(p.execution);
    let target: PromotionTarget;
    let createdTag: string | null = null;
    try {
      target = await this.options.service.target(
        p.entityRef,
        await this.options.auth.getOwnServiceCredentials(),
      );
      createdTag = await this.tag(p, target);
    } catch (error) {
      // Nothing on the environment branch yet: there is nothing to undo.
      return this.move(p, 'failed', {
        actor: SYSTEM,
        reason: (error as Error).message,
        audit: 'promotion-failed',
      });
    }
    const env = this.options.service.environment(p.environment);
    const settings = await this.settingsFor(p, target);
    if (p.productPromotionId && execution.handles.git === undefined) {
      // One commit records every component of the product.
      if (!execution.started.includes('git')) execution.started.push('git');
      if (!(await store.saveExecution(p, execution))) return undefined;
      try {
        execution.handles.git = await this.options.products!.write(
          p,
          async member => {
            if (member.id === p.id) return;
            await this.tag(
              member,
              await this.options.service.target(
                member.entityRef,
                await this.options.auth.getOwnServiceCredentials(),
              ),
            );
          },
        );
      } catch (error) {
        return this.move(p, 'failed', {
          actor: SYSTEM,
          reason: `git failed: ${(error as Error).message}`,
          audit: 'promotion-failed',
          set: { execution },
        });
      }
      if (!(await store.saveExecution(p, execution))) return undefined;
      await this.options.onStep?.('environment-written', p);
    }
    for (const executor of this.options.executors) {
      if (execution.handles[executor.id] !== undefined) continue;
      if (!execution.started.includes(executor.id)) {
        execution.started.push(executor.id);
        if (!(await store.saveExecution(p, execution))) return undefined;
      }
      try {
        const handle = await executor.execute(
          this.execution(p, target, env, executor.id, settings),
        );
        execution.handles[executor.id] = (handle ?? null) as JsonObject | null;
      } catch (error) {
        const reason = `${executor.id} failed: ${(error as Error).message}`;
        if (execution.handles.git === undefined) {
          return this.move(p, 'failed', {
            actor: SYSTEM,
            reason,
            audit: 'promotion-failed',
            set: { execution },
          });
        }
        return this.startUndo(p, execution, reason);
      }
      if (!(await store.saveExecution(p, execution))) return undefined;
      if (executor.id === 'git')
        await this.options.onStep?.('environment-written', p);
    }
    const git = execution.handles.git as {
      commit?: string;
      pullRequestUrl?: string;
    } | null;
    execution.deadline = new Date(
      Date.now() + this.options.verificationTimeoutMs,
    ).toISOString();
    const detail = `${createdTag ? `tagged ${createdTag}; ` : ''}environment/${
      env.name
    } at ${String(git?.commit ?? '').slice(0, 12)}${
      git?.pullRequestUrl ? ` (merged ${git.pullRequestUrl})` : ''
    }`;
    // Into the entity's trail: the tag and the environment commit it wrote.
    return this.move(p, 'verifying', {
      actor: SYSTEM,
      reason: detail,
      set: { createdTag, execution },
      audit: 'promotion-executed',
    });
  }

  /** Creates the planned tag (idempotent: an existing tag on the same commit is kept). */
  private async tag(
    p: StoredPromotion,
    target: PromotionTarget,
  ): Promise<string | null> {
    if (p.planKind !== 'create-tag') return null;
    const app = await this.options.locator.open(target.repo);
    await app.createTag({
      name: p.version!,
      sha: p.sha!,
      message: `Release ${p.version}${
        p.fromTag ? ` from ${p.fromTag}` : ''
      }\n\nPromotion-Id: ${p.id}\nActor: ${p.createdBy}\n`,
      author: this.options.author,
      push: isRemoteLocation(target.repo),
    });
    await this.options.onStep?.('tagged', p);
    // Best effort: the scheduled refresh reads it later anyway.
    await this.options
      .refreshReleases?.(target)
      .catch(error =>
        this.options.logger.warn(
          `Releases of ${p.entityRef} not re-read after tagging ${p.version}: ${
            (error as Error).message
          }`,
        ),
      );
    return p.version;
  }

  private execution(
    p: StoredPromotion,
    target: PromotionTarget,
    env: EnvironmentDefinition,
    executorId: string,
    settings: EnvironmentSettings,
  ): PromotionExecution {
    return {
      promotionId: p.id,
      entityRef: p.entityRef,
      component: target.component,
      environment: env,
      version: p.version,
      sha: p.sha,
      rollback: p.rollback,
      schema: p.schema?.runs ?? null,
      actor: p.createdBy,
      settings: { ...(settings.executors?.[executorId] ?? {}) },
    };
  }

  // --- verification ------------------------------------------------------

  private async verifyStep(p: StoredPromotion): Promise<StepResult> {
    const { store } = this.options;
    const env = this.options.service.environment(p.environment);
    const target = await this.options.service.target(
      p.entityRef,
      await this.options.auth.getOwnServiceCredentials(),
    );
    const settings = await this.settingsFor(p, target);
    const rollouts = await this.rolloutStatuses(p.execution.handles, id =>
      this.execution(p, target, env, id, settings),
    );
    const failedRollout = rollouts.find(r => r.status === 'failed');
    if (failedRollout) {
      await store.saveChecks(p, 'verification', rollouts);
      return this.startUndo(
        p,
        structuredClone(p.execution),
        `${failedRollout.id}: ${failedRollout.detail}`,
      );
    }
    const checks = rollouts.some(r => r.status === 'pending')
      ? rollouts
      : [
          ...rollouts,
          ...(await this.evaluate(p, 'verifiers', this.options.verifiers)),
        ];
    await store.saveChecks(p, 'verification', checks);
    const status = overall(checks);
    if (status === 'failed') {
      return this.startUndo(
        p,
        structuredClone(p.execution),
        `verification failed: ${describeChecks(checks, 'failed')}`,
      );
    }
    if (status === 'pending') {
      if (Date.now() < Date.parse(p.execution.deadline ?? '')) return WAIT;
      return this.startUndo(
        p,
        structuredClone(p.execution),
        `verification timed out waiting for ${describeChecks(
          checks,
          'pending',
        )}`,
      );
    }
    if (
      p.productPromotionId &&
      !(await this.options.products!.allVerified(p))
    ) {
      // Every component succeeds together, or all are put back.
      if (Date.now() < Date.parse(p.execution.deadline ?? '')) return WAIT;
      return this.startUndo(
        p,
        structuredClone(p.execution),
        'verification timed out waiting for the other components of the product',
      );
    }
    await this.options.deployments.recordDeployment({
      entityRef: p.entityRef,
      environment: p.environment,
      version: p.version!,
      sha: p.sha,
      status: 'succeeded',
      runUrl: null,
      actor: p.createdBy,
      promotionId: p.id,
    });
    await this.options.onStep?.('recorded', p);
    return this.move(p, 'succeeded', {
      actor: SYSTEM,
      reason: null,
      audit: 'promotion-succeeded',
    });
  }

  /** Each started executor's rollout, as a check: met, pending while it runs, failed. */
  private async rolloutStatuses(
    handles: ExecutionRecord['handles'],
    execution: (id: string) => PromotionExecution,
  ): Promise<CheckState[]> {
    const out: CheckState[] = [];
    for (const executor of this.options.executors) {
      const handle = handles[executor.id];
      if (!executor.status || !handle) continue;
      let state: CheckState;
      try {
        const s = await executor.status(handle, execution(executor.id));
        state =
          s.state === 'failed'
            ? {
                id: `rollout:${executor.id}`,
                status: 'failed',
                required: true,
                detail: s.reason,
              }
            : {
                id: `rollout:${executor.id}`,
                status: s.state === 'succeeded' ? 'met' : 'pending',
                required: true,
                detail: s.detail ?? null,
              };
      } catch (error) {
        state = {
          id: `rollout:${executor.id}`,
          status: 'pending',
          required: true,
          detail: `status unknown: ${(error as Error).message}`,
        };
      }
      out.push(state);
    }
    return out;
  }

  // --- undo --------------------------------------------------------------

  private async startUndo(
    p: StoredPromotion,
    execution: ExecutionRecord,
    reason: string,
  ): Promise<StepResult> {
    if (p.productPromotionId)
      await this.options.products!.rollingBack(p, reason);
    execution.undo = {
      reason,
      done: [],
      handles: {},
      deadline: new Date(
        Date.now() + this.options.verificationTimeoutMs,
      ).toISOString(),
    };
    return this.move(p, 'rolling-back', {
      actor: SYSTEM,
      reason,
      set: { execution },
    });
  }

  /**
   * Runs the started executors again, newest first, with the version the
   * environment ran before; the Git executor writes a revert commit.
   */
  private async undoStep(p: StoredPromotion): Promise<StepResult> {
    const { store } = this.options;
    const execution: ExecutionRecord = structuredClone(p.execution);
    const undo = execution.undo!;
    const env = this.options.service.environment(p.environment);
    const target = await this.options.service.target(
      p.entityRef,
      await this.options.auth.getOwnServiceCredentials(),
    );
    const settings = await this.settingsFor(p, target);
    const undoExecution = (id: string): PromotionExecution => ({
      ...this.execution(p, target, env, id, settings),
      version: p.previousVersion,
      sha: null,
      rollback: true,
      undo: {
        reason: undo.reason,
        handle: execution.handles[id] ?? null,
        version: p.version,
      },
    });
    for (const id of [...execution.started].reverse()) {
      if (undo.done.includes(id)) continue;
      const executor = this.options.executors.find(e => e.id === id);
      try {
        let handle: unknown = null;
        if (id === 'git' && p.productPromotionId) {
          // One revert puts every component of the product back.
          handle = await this.options.products!.revert(p, undo.reason);
        } else if (executor) {
          handle = await executor.execute(undoExecution(id));
        }
        undo.handles[id] = (handle ?? null) as JsonObject | null;
      } catch (error) {
        return this.move(p, 'failed', {
          actor: SYSTEM,
          reason: `${
            undo.reason
          }; putting the previous version back failed at ${id}: ${
            (error as Error).message
          }`,
          audit: 'promotion-failed',
          set: { execution },
        });
      }
      undo.done.push(id);
      if (!(await store.saveExecution(p, execution))) return undefined;
      if (id === 'git') await this.options.onStep?.('reverted', p);
    }
    const rollouts = await this.rolloutStatuses(undo.handles, undoExecution);
    const failed = rollouts.find(r => r.status === 'failed');
    const pending = rollouts.some(r => r.status === 'pending');
    if (failed || (pending && Date.now() >= Date.parse(undo.deadline))) {
      return this.move(p, 'failed', {
        actor: SYSTEM,
        reason: `${undo.reason}; the previous version did not come back: ${
          failed ? `${failed.id}: ${failed.detail}` : 'timed out'
        }`,
        audit: 'promotion-failed',
      });
    }
    if (pending) return WAIT;
    const revert = undo.handles.git as
      | { commit?: string | null }
      | null
      | undefined;
    const back = p.previousVersion
      ? `${p.previousVersion} is back`
      : 'the environment runs nothing again';
    return this.move(p, 'rolled-back', {
      actor: SYSTEM,
      reason: `${undo.reason}; ${back}${
        revert?.commit ? ` (revert ${revert.commit.slice(0, 12)})` : ''
      }`,
      audit: 'promotion-rolled-back',
    });
  }
}
