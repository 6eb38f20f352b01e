import type { Knex } from 'knex';
import type { AuditEntry } from '@releases-for-backstage/plugin-releases-common';
import { toIso } from './util';

/** The entity's audit trail: who did what, newest first. */
export interface AuditStore {
  audit(entityRef: string, limit?: number): Promise<AuditEntry[]>;
}

/**
 * The audit trail in the plugin database. Entries are written by the
 * promotion and deployment stores in the transaction of the change they
 * record, so a change and its entry never part.
 */
export class DatabaseAuditStore implements AuditStore {
  constructor(private readonly db: Knex) {}

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
