import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  isTerminalState,
  type ProductPromotion,
  type ProductPromotionState,
} from '@releases-for-backstage/plugin-releases-common';
import { insertPromotion } from './PromotionStore';
import {
  fromRow,
  type NewPromotion,
  type PromotionRow,
  type StoredPromotion,
} from './promotionRows';
import { isUniqueViolation, toIso } from './util';

/** How the product promotion coordinates its components. */
export type ProductCoordination = 'active' | 'stopped' | 'rolling-back';

export interface StoredProductPromotion {
  id: string;
  systemRef: string;
  version: string;
  tag: string;
  environment: string;
  state: ProductCoordination;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  reason: string | null;
  commit: string | null;
  revertCommit: string | null;
  /** Component name to the manifest's version. */
  manifest: Record<string, string>;
  skipped: ProductPromotion['skipped'];
  idempotencyKey: string | null;
}

interface Row {
  id: string;
  system_ref: string;
  version: string;
  tag: string;
  environment: string;
  state: ProductCoordination;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
  reason: string | null;
  commit: string | null;
  revert_commit: string | null;
  manifest: string;
  skipped: string | null;
  idempotency_key: string | null;
}

function fromProductRow(row: Row): StoredProductPromotion {
  return {
    id: row.id,
    systemRef: row.system_ref,
    version: row.version,
    tag: row.tag,
    environment: row.environment,
    state: row.state,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    reason: row.reason,
    commit: row.commit,
    revertCommit: row.revert_commit,
    manifest: JSON.parse(row.manifest),
    skipped: row.skipped ? JSON.parse(row.skipped) : [],
    idempotencyKey: row.idempotency_key,
  };
}

/**
 * What a product promotion is doing, from its components' promotions and
 * the coordination state: it succeeds only when every component did.
 */
export function productState(
  product: StoredProductPromotion,
  members: StoredPromotion[],
): ProductPromotionState {
  if (members.some(m => !isTerminalState(m.state))) {
    return product.state === 'rolling-back' ? 'rolling-back' : 'active';
  }
  if (members.every(m => m.state === 'succeeded')) return 'succeeded';
  if (product.commit) {
    return members.some(m => m.state === 'failed') ? 'failed' : 'rolled-back';
  }
  if (members.some(m => m.state === 'rejected' || m.state === 'failed'))
    return 'rejected';
  return 'aborted';
}

/**
 * Product promotions in the plugin database. Creating one inserts its
 * components' promotions in the same transaction, so either every
 * component's (entity, environment) slot is taken or none is.
 */
export class ProductPromotionStore {
  constructor(private readonly db: Knex) {}

  async create(input: {
    systemRef: string;
    version: string;
    tag: string;
    environment: string;
    actor: string;
    reason: string | null;
    idempotencyKey: string | null;
    manifest: Record<string, string>;
    skipped: ProductPromotion['skipped'];
    members: NewPromotion[];
  }): Promise<{ product: StoredProductPromotion; created: boolean }> {
    if (input.idempotencyKey) {
      const existing = await this.findByIdempotencyKey(input.idempotencyKey);
      if (existing) return { product: existing, created: false };
    }
    const id = randomUUID();
    const now = new Date();
    try {
      await this.db.transaction(async tx => {
        await tx('product_promotions').insert({
          id,
          system_ref: input.systemRef,
          version: input.version,
          tag: input.tag,
          environment: input.environment,
          state: 'active',
          created_by: input.actor,
          created_at: now,
          updated_at: now,
          reason: input.reason,
          commit: null,
          revert_commit: null,
          manifest: JSON.stringify(input.manifest),
          skipped: JSON.stringify(input.skipped),
          idempotency_key: input.idempotencyKey,
        });
        for (const member of input.members) {
          await insertPromotion(
            tx,
            randomUUID(),
            { ...member, productPromotionId: id, idempotencyKey: null },
            now,
          );
        }
        await tx('audit_log').insert({
          at: now,
          actor: input.actor,
          action: 'product-promotion-create',
          entity_ref: input.systemRef,
          environment: input.environment,
          promotion_id: id,
          detail: `${input.tag}: ${input.members
            .map(m => `${m.entityRef} ${m.version}`)
            .join(', ')}${input.reason ? `: ${input.reason}` : ''}`.slice(
            0,
            2000,
          ),
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.idempotencyKey) {
        const existing = await this.findByIdempotencyKey(input.idempotencyKey);
        if (existing) return { product: existing, created: false };
      }
      for (const m of input.members) {
        const active = await this.db('active_promotions')
          .where({ entity_ref: m.entityRef, environment: m.environment })
          .first();
        if (active) {
          throw new ConflictError(
            `Promotion ${active.promotion_id} is already active for ${m.entityRef} in ${m.environment}; the product promotion started nothing`,
          );
        }
      }
      throw new ConflictError(
        `Another promotion of ${input.systemRef} started meanwhile; the product promotion started nothing`,
      );
    }
    return { product: (await this.get(id))!, created: true };
  }

  async get(id: string): Promise<StoredProductPromotion | undefined> {
    const row = await this.db<Row>('product_promotions').where({ id }).first();
    return row ? fromProductRow(row) : undefined;
  }

  async findByIdempotencyKey(
    key: string,
  ): Promise<StoredProductPromotion | undefined> {
    const row = await this.db<Row>('product_promotions')
      .where({ idempotency_key: key })
      .first();
    return row ? fromProductRow(row) : undefined;
  }

  async list(filter: {
    systemRef: string;
    environment?: string;
    limit?: number;
  }): Promise<StoredProductPromotion[]> {
    const q = this.db<Row>('product_promotions').where({
      system_ref: filter.systemRef,
    });
    if (filter.environment) q.andWhere({ environment: filter.environment });
    const rows = await q
      .orderBy('created_at', 'desc')
      .limit(filter.limit ?? 20);
    return rows.map(fromProductRow);
  }

  /** The components' promotions, in the order of the manifest's names. */
  async members(id: string): Promise<StoredPromotion[]> {
    const rows = await this.db<PromotionRow>('promotions')
      .where({ product_promotion_id: id })
      .orderBy('entity_ref', 'asc');
    return rows.map(fromRow);
  }

  /**
   * Moves the coordination state as a compare-and-set; false when another
   * worker moved it first (both then read the same state again).
   */
  async move(
    id: string,
    from: ProductCoordination,
    to: ProductCoordination,
    reason: string,
  ): Promise<boolean> {
    const count = await this.db('product_promotions')
      .where({ id, state: from })
      .update({ state: to, reason, updated_at: new Date() });
    return count === 1;
  }

  async setCommit(
    id: string,
    kind: 'commit' | 'revert_commit',
    sha: string | null,
  ): Promise<void> {
    await this.db('product_promotions')
      .where({ id })
      .update({ [kind]: sha, updated_at: new Date() });
  }

  /** The API shape, with each component's promotion. */
  async view(id: string): Promise<ProductPromotion> {
    const product = await this.get(id);
    if (!product) throw new NotFoundError(`Product promotion ${id} not found`);
    return this.toView(product, await this.members(id));
  }

  toView(
    product: StoredProductPromotion,
    members: StoredPromotion[],
  ): ProductPromotion {
    const nameOf = (entityRef: string) =>
      entityRef.slice(entityRef.lastIndexOf('/') + 1);
    return {
      id: product.id,
      system: product.systemRef,
      version: product.version,
      tag: product.tag,
      environment: product.environment,
      state: productState(product, members),
      createdBy: product.createdBy,
      createdAt: product.createdAt,
      updatedAt: [product.updatedAt, ...members.map(m => m.updatedAt)]
        .sort()
        .at(-1)!,
      reason: product.reason,
      commit: product.commit,
      revertCommit: product.revertCommit,
      members: members.map(m => ({
        component: nameOf(m.entityRef),
        entityRef: m.entityRef,
        promotionId: m.id,
        manifestVersion: product.manifest[nameOf(m.entityRef)] ?? '',
        version: m.version,
        previousVersion: m.previousVersion,
        state: m.state,
        reason: m.reason,
      })),
      skipped: product.skipped,
    };
  }
}
