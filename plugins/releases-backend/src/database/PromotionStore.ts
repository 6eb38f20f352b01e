import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  assertTransition,
  isTerminalState,
  type Promotion,
  type PromotionEvent,
  type PromotionState,
} from '@releases-for-backstage/plugin-releases-common';
import { isUniqueViolation, toIso } from './util';
import {
  fromRow,
  type PromotionRow,
  type ExecutionRecord,
  type NewPromotion,
  type StoredDecision,
  type StoredPromotion,
} from './promotionRows';

export type {
  ExecutionRecord,
  NewPromotion,
  StoredDecision,
  StoredPromotion,
} from './promotionRows';
export { EMPTY_EXECUTION } from './promotionRows';

/** Promotions, their events and the decisions people take on them. */
export type PromotionStore = Pick<
  DatabasePromotionStore,
  | 'get'
  | 'getWithEvents'
  | 'withEvents'
  | 'findByIdempotencyKey'
  | 'activeFor'
  | 'create'
  | 'transition'
  | 'saveExecution'
  | 'saveChecks'
  | 'addDecision'
  | 'decisions'
  | 'statesOf'
  | 'runnable'
  | 'list'
>;

/**
 * Promotions in the plugin database. Every state change is a
 * compare-and-set on the promotion's revision, so concurrent writers never
 * both win; each step's audit entry is written in the same transaction.
 */
export class DatabasePromotionStore implements PromotionStore {
  constructor(private readonly db: Knex) {}

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
      await this.db.transaction(tx => insertPromotion(tx, id, input, now));
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
      // The components of a product promotion share a creation time.
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'entity_ref', order: 'asc' },
      ]);
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
}

/**
 * Inserts a promotion with its first event, its (entity, environment)
 * slot and its audit entry, inside the caller's transaction; a taken slot
 * is a unique violation.
 */
export async function insertPromotion(
  tx: Knex.Transaction,
  id: string,
  input: NewPromotion,
  now: Date,
): Promise<void> {
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
    product_promotion_id: input.productPromotionId ?? null,
    schema: input.schema ? JSON.stringify(input.schema) : null,
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
}
