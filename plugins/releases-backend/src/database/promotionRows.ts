import type {
  Promotion,
  PromotionState,
  SchemaStep,
} from '@releases-for-backstage/plugin-releases-common';
import { toIso } from './util';

/** A row of the promotions table, as SQLite and PostgreSQL return it. */
export type PromotionRow = {
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
  product_promotion_id?: string | null;
  schema?: string | null;
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
  productPromotionId: string | null;
  schema: SchemaStep | null;
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
  /** Set for the components of a product promotion. */
  productPromotionId?: string | null;
  /** The database schema step, when the component declares schemas. */
  schema?: SchemaStep | null;
}

export function fromRow(row: PromotionRow): StoredPromotion {
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
    productPromotionId: row.product_promotion_id ?? null,
    schema: row.schema ? JSON.parse(row.schema) : null,
  };
}
