import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  assertTransition,
  isTerminalState,
  type AuditEntry,
  type EnvironmentStatus,
  type Promotion,
  type PromotionEvent,
  type PromotionState,
} from '@releases-for-backstage/plugin-releases-common';

type PromotionRow = {
  id: string;
  entity_ref: string;
  environment: string;
  requested_version: string | null;
  plan_kind: string | null;
  version: string | null;
  sha: string | null;
  from_tag: string | null;
  created_tag: string | null;
  previous_version: string | null;
  state: PromotionState;
  rollback: boolean | number;
  idempotency_key: string | null;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
  reason: string | null;
  revision: number;
  gates: string | null;
  verification: string | null;
  execution: string | null;
};

/**
 * What the engine keeps of an execution, so a crash resumes it and a
 * failure can be undone: the executors started (in order) with their
 * handles, the verification deadline and, once undoing, its progress.
 */
export interface ExecutionRecord {
  started: string[];
  handles: Record<string, Record<string, unknown> | null>;
  /** ISO 8601; set when verification starts. */
  deadline?: string;
  undo?: {
    reason: string;
    /** Executors already undone, in the order they were. */
    done: string[];
    handles: Record<string, Record<string, unknown> | null>;
    deadline: string;
  };
}

export const EMPTY_EXECUTION: ExecutionRecord = { started: [], handles: {} };

/** A promotion as stored, with the plan the executor follows. */
export interface StoredPromotion extends Omit<Promotion, 'events'> {
  planKind: 'wip' | 'existing' | 'create-tag' | null;
  fromTag: string | null;
  revision: number;
  execution: ExecutionRecord;
}

/** A person's decision on a promotion, as stored. */
export interface StoredDecision {
  actor: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  at: string;
}

export interface NewPromotion {
  entityRef: string;
  environment: string;
  requestedVersion: string | null;
  planKind: 'wip' | 'existing' | 'create-tag';
  version: string;
  sha: string | null;
  fromTag: string | null;
  previousVersion: string | null;
  rollback: boolean;
  idempotencyKey: string | null;
  actor: string;
  /** Why, in the requester's words. */
  reason?: string | null;
}

function toIso(value: string | Date | number): string {
  return new Date(value).toISOString();
}

/** True for a violated unique or primary key, on SQLite and PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

function fromRow(row: PromotionRow): StoredPromotion {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    requestedVersion: row.requested_version,
    planKind: row.plan_kind as StoredPromotion['planKind'],
    version: row.version,
    sha: row.sha,
    fromTag: row.from_tag,
    createdTag: row.created_tag,
    previousVersion: row.previous_version,
    state: row.state,
    rollback: Boolean(row.rollback),
    idempotencyKey: row.idempotency_key,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    reason: row.reason,
    revision: Number(row.revision),
    gates: row.gates ? JSON.parse(row.gates) : [],
    verification: row.verification ? JSON.parse(row.verification) : [],
    execution: row.execution ? JSON.parse(row.execution) : EMPTY_EXECUTION,
  };
}

/** The current state a deployment event leaves behind. */
const DEPLOYMENT_STATE = {
  started: 'deploying',
  succeeded: 'deployed',
  failed: 'failed',
} as const;

/** A change of one entity's state in one environment, and the state version after it. */
export interface EnvironmentStateChange {
  entityRef: string;
  environment: string;
  version: number;
}

/**
 * Promotions, deployments, environment state and the audit trail in the
 * plugin database. Every state change is a compare-and-set on the
 * promotion's revision, so concurrent writers never both win.
 */
export class PromotionStore {
  private readonly stateListeners: Array<
    (change: EnvironmentStateChange) => void
  > = [];

  constructor(private readonly db: Knex) {}

  /**
   * Calls `listener` after every committed change of environment state made
   * through this store, with the state version the change produced.
   */
  onStateChange(listener: (change: EnvironmentStateChange) => void): void {
    this.stateListeners.push(listener);
  }

  async get(id: string): Promise<StoredPromotion | undefined> {
    const row = await this.db<PromotionRow>('promotions').where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async getWithEvents(id: string): Promise<Promotion> {
    const p = await this.get(id);
    if (!p) throw new NotFoundError(`Promotion ${id} not found`);
    return this.withEvents(p);
  }

  async withEvents(p: StoredPromotion): Promise<Promotion> {
    const events = await this.db('promotion_events')
      .where({ promotion_id: p.id })
      .orderBy('id', 'asc');
    const {
      planKind: _k,
      fromTag: _f,
      revision: _r,
      execution: _e,
      ...rest
    } = p;
    return {
      ...rest,
      events: events.map(
        (e): PromotionEvent => ({
          at: toIso(e.at),
          state: e.state,
          actor: e.actor,
          reason: e.reason,
        }),
      ),
    };
  }

  async findByIdempotencyKey(
    key: string,
  ): Promise<StoredPromotion | undefined> {
    const row = await this.db<PromotionRow>('promotions')
      .where({ idempotency_key: key })
      .first();
    return row ? fromRow(row) : undefined;
  }

  async activeFor(
    entityRef: string,
    environment: string,
  ): Promise<string | undefined> {
    const row = await this.db('active_promotions')
      .where({ entity_ref: entityRef, environment })
      .first();
    return row?.promotion_id;
  }

  /**
   * Inserts a promotion and takes the (entity, environment) slot in one
   * transaction. Returns the existing promotion for a repeated idempotency
   * key; throws ConflictError naming the active promotion otherwise.
   */
  async create(
    input: NewPromotion,
  ): Promise<{ promotion: StoredPromotion; created: boolean }> {
    if (input.idempotencyKey) {
      const existing = await this.findByIdempotencyKey(input.idempotencyKey);
      if (existing) return { promotion: existing, created: false };
    }
    const id = randomUUID();
    const now = new Date();
    try {
      await this.db.transaction(async tx => {
        await tx('promotions').insert({
          id,
          entity_ref: input.entityRef,
          environment: input.environment,
          requested_version: input.requestedVersion,
          plan_kind: input.planKind,
          version: input.version,
          sha: input.sha,
          from_tag: input.fromTag,
          created_tag: null,
          previous_version: input.previousVersion,
          state: 'requested',
          rollback: input.rollback,
          idempotency_key: input.idempotencyKey,
          created_by: input.actor,
          created_at: now,
          updated_at: now,
          reason: null,
          revision: 0,
        });
        await tx('promotion_events').insert({
          promotion_id: id,
          at: now,
          state: 'requested',
          actor: input.actor,
          reason: `${
            input.rollback
              ? `rollback to ${input.version}`
              : `promote ${input.version} to ${input.environment}`
          }${input.reason ? `: ${input.reason}` : ''}`,
        });
        await tx('active_promotions').insert({
          entity_ref: input.entityRef,
          environment: input.environment,
          promotion_id: id,
        });
        await tx('audit_log').insert({
          at: now,
          actor: input.actor,
          action: input.rollback ? 'promotion-rollback' : 'promotion-create',
          entity_ref: input.entityRef,
          environment: input.environment,
          promotion_id: id,
          detail: `${input.version}${
            input.previousVersion ? ` (was ${input.previousVersion})` : ''
          }${input.reason ? `: ${input.reason}` : ''}`,
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.idempotencyKey) {
        const existing = await this.findByIdempotencyKey(input.idempotencyKey);
        if (existing) return { promotion: existing, created: false };
      }
      const active = await this.activeFor(input.entityRef, input.environment);
      throw new ConflictError(
        `Promotion ${active ?? '(finishing)'} is already active for ${
          input.entityRef
        } in ${input.environment}`,
      );
    }
    return { promotion: (await this.get(id))!, created: true };
  }

  /**
   * Moves a promotion from the state and revision the caller saw to `to`.
   * Returns the updated promotion, or undefined when someone else moved it
   * first. Terminal states free the (entity, environment) slot in the same
   * transaction.
   */
  async transition(
    seen: StoredPromotion,
    to: PromotionState,
    options: {
      actor: string;
      reason?: string | null;
      set?: Partial<Pick<StoredPromotion, 'createdTag' | 'sha' | 'execution'>>;
      audit?: string;
    },
  ): Promise<StoredPromotion | undefined> {
    assertTransition(seen.state, to);
    const now = new Date();
    const moved = await this.db.transaction(async tx => {
      const count = await tx('promotions')
        .where({ id: seen.id, state: seen.state, revision: seen.revision })
        .update({
          state: to,
          revision: seen.revision + 1,
          updated_at: now,
          ...(options.reason !== undefined ? { reason: options.reason } : {}),
          ...(options.set?.createdTag !== undefined
            ? { created_tag: options.set.createdTag }
            : {}),
          ...(options.set?.sha !== undefined ? { sha: options.set.sha } : {}),
          ...(options.set?.execution !== undefined
            ? { execution: JSON.stringify(options.set.execution) }
            : {}),
        });
      if (count !== 1) return false;
      await tx('promotion_events').insert({
        promotion_id: seen.id,
        at: now,
        state: to,
        actor: options.actor,
        reason: options.reason ?? null,
      });
      if (isTerminalState(to)) {
        await tx('active_promotions')
          .where({
            entity_ref: seen.entityRef,
            environment: seen.environment,
            promotion_id: seen.id,
          })
          .delete();
      }
      if (options.audit) {
        await tx('audit_log').insert({
          at: now,
          actor: options.actor,
          action: options.audit,
          entity_ref: seen.entityRef,
          environment: seen.environment,
          promotion_id: seen.id,
          detail: options.reason ?? null,
        });
      }
      return true;
    });
    return moved ? this.get(seen.id) : undefined;
  }

  /**
   * Saves the execution record while the promotion is still in the state
   * and revision it was read in; false when it moved meanwhile.
   */
  async saveExecution(
    seen: StoredPromotion,
    execution: ExecutionRecord,
  ): Promise<boolean> {
    const count = await this.db('promotions')
      .where({ id: seen.id, state: seen.state, revision: seen.revision })
      .update({ execution: JSON.stringify(execution) });
    seen.execution = execution;
    return count === 1;
  }

  /** Stores the gates or the verification steps as last evaluated, when they changed. */
  async saveChecks(
    p: StoredPromotion,
    kind: 'gates' | 'verification',
    checks: StoredPromotion['gates'],
  ): Promise<void> {
    if (JSON.stringify(p[kind]) === JSON.stringify(checks)) return;
    await this.db('promotions')
      .where({ id: p.id })
      .update({ [kind]: JSON.stringify(checks) });
    p[kind] = checks;
  }

  /** Records a person's decision on a promotion, with its audit entry. */
  async addDecision(
    p: StoredPromotion,
    d: Omit<StoredDecision, 'at'>,
  ): Promise<void> {
    const now = new Date();
    await this.db.transaction(async tx => {
      await tx('promotion_decisions').insert({
        promotion_id: p.id,
        actor: d.actor,
        decision: d.decision,
        reason: d.reason,
        at: now,
      });
      await tx('audit_log').insert({
        at: now,
        actor: d.actor,
        action: `promotion-${d.decision}`,
        entity_ref: p.entityRef,
        environment: p.environment,
        promotion_id: p.id,
        detail: d.reason,
      });
    });
  }

  /** Decisions people took on a promotion, oldest first. */
  async decisions(promotionId: string): Promise<StoredDecision[]> {
    const rows = await this.db('promotion_decisions')
      .where({ promotion_id: promotionId })
      .orderBy('id', 'asc');
    return rows.map(r => ({
      actor: r.actor,
      decision: r.decision,
      reason: r.reason,
      at: toIso(r.at),
    }));
  }

  /** States of the given promotions (missing ids are left out). */
  async statesOf(ids: string[]): Promise<Map<string, PromotionState>> {
    const out = new Map<string, PromotionState>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db('promotions')
        .whereIn('id', ids.slice(i, i + 500))
        .select('id', 'state');
      for (const r of rows) out.set(r.id, r.state);
    }
    return out;
  }

  /** Promotions an executor still has to move forward, oldest first. */
  async runnable(): Promise<StoredPromotion[]> {
    const rows = await this.db<PromotionRow>('promotions')
      .whereIn('state', [
        'requested',
        'waiting-for-gates',
        'approved',
        'executing',
        'verifying',
        'rolling-back',
      ])
      .orderBy('created_at', 'asc');
    return rows.map(fromRow);
  }

  async list(filter: {
    entityRef: string;
    environment?: string;
    limit?: number;
  }): Promise<StoredPromotion[]> {
    const q = this.db<PromotionRow>('promotions').where({
      entity_ref: filter.entityRef,
    });
    if (filter.environment) q.andWhere({ environment: filter.environment });
    const rows = await q
      .orderBy('created_at', 'desc')
      .limit(filter.limit ?? 50);
    return rows.map(fromRow);
  }

  /** Records a deployment event and updates the current state in one transaction. */
  async recordDeployment(d: {
    entityRef: string;
    environment: string;
    version: string;
    sha: string | null;
    status: 'started' | 'succeeded' | 'failed';
    runUrl: string | null;
    actor: string;
    promotionId: string | null;
    startedAt?: Date | null;
    finishedAt?: Date | null;
    /** When it happened, if not now (history read from the environment repository). */
    at?: Date;
  }): Promise<void> {
    const now = d.at ?? new Date();
    const status = DEPLOYMENT_STATE[d.status];
    const version = await this.db.transaction(async tx => {
      if (d.promotionId) {
        // A resumed promotion records its deployment once.
        const seen = await tx('deployments')
          .where({ promotion_id: d.promotionId, status: d.status })
          .first();
        if (seen) return null;
      }
      await tx('deployments').insert({
        entity_ref: d.entityRef,
        environment: d.environment,
        version: d.version,
        sha: d.sha,
        status: d.status,
        run_url: d.runUrl,
        actor: d.actor,
        promotion_id: d.promotionId,
        started_at: d.startedAt ?? null,
        finished_at: d.finishedAt ?? null,
        recorded_at: now,
      });
      await tx('environment_state')
        .insert({
          entity_ref: d.entityRef,
          environment: d.environment,
          version: d.version,
          sha: d.sha,
          status,
          since: now,
          by: d.actor,
          run_url: d.runUrl,
          promotion_id: d.promotionId,
        })
        .onConflict(['entity_ref', 'environment'])
        .merge();
      await tx('state_versions')
        .where({ name: 'environment_state' })
        .increment('version', 1);
      // Read in the same transaction: the version this change produced.
      const bumped = await tx('state_versions')
        .where({ name: 'environment_state' })
        .first('version');
      await tx('audit_log').insert({
        at: now,
        actor: d.actor,
        action: 'deployment-report',
        entity_ref: d.entityRef,
        environment: d.environment,
        promotion_id: d.promotionId,
        detail: `${d.version} ${d.status}${d.runUrl ? ` ${d.runUrl}` : ''}`,
      });
      return Number(bumped.version);
    });
    if (version === null) return;
    const change = {
      entityRef: d.entityRef,
      environment: d.environment,
      version,
    };
    this.stateListeners.forEach(listener => listener(change));
  }

  /** Current state per environment of the given entities. */
  async environmentStates(
    entityRefs: string[],
  ): Promise<
    Map<string, Map<string, Omit<EnvironmentStatus, 'type' | 'description'>>>
  > {
    const out = new Map<
      string,
      Map<string, Omit<EnvironmentStatus, 'type' | 'description'>>
    >();
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows = await this.db('environment_state').whereIn(
        'entity_ref',
        entityRefs.slice(i, i + 500),
      );
      for (const r of rows) {
        let m = out.get(r.entity_ref);
        if (!m) out.set(r.entity_ref, (m = new Map()));
        m.set(r.environment, {
          environment: r.environment,
          version: r.version,
          sha: r.sha,
          since: toIso(r.since),
          by: r.by,
          status: r.status,
          runUrl: r.run_url,
          promotionId: r.promotion_id,
        });
      }
    }
    return out;
  }

  /** Changes whenever any environment state changes (a counter). */
  async stateVersion(): Promise<string> {
    const row = await this.db('state_versions')
      .where({ name: 'environment_state' })
      .first('version');
    return String(row?.version ?? 0);
  }

  /** The recorded state of one (entity, environment), if any. */
  async stateOf(
    entityRef: string,
    environment: string,
  ): Promise<{ version: string; since: string } | undefined> {
    const row = await this.db('environment_state')
      .where({ entity_ref: entityRef, environment })
      .first();
    return row ? { version: row.version, since: toIso(row.since) } : undefined;
  }

  /** The newest version that deployed successfully before the current one. */
  async lastKnownGood(
    entityRef: string,
    environment: string,
    current: string | null,
  ): Promise<{ version: string; sha: string | null } | undefined> {
    const q = this.db('deployments')
      .where({ entity_ref: entityRef, environment, status: 'succeeded' })
      .orderBy([
        { column: 'recorded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('version', 'sha');
    if (current) q.whereNot({ version: current });
    return q;
  }

  async audit(entityRef: string, limit = 200): Promise<AuditEntry[]> {
    const rows = await this.db('audit_log')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(r => ({
      at: toIso(r.at),
      actor: r.actor,
      action: r.action,
      entityRef: r.entity_ref,
      environment: r.environment,
      promotionId: r.promotion_id,
      detail: r.detail,
    }));
  }
}
