import type { Knex } from 'knex';
import type { Hotfix } from '@releases-for-backstage/plugin-releases-common';
import { toIso } from '../database/util';

/** A hotfix as stored; `notOnMain` is read from Git when it is shown. */
export type StoredHotfix = Omit<Hotfix, 'notOnMain'>;

/** The hotfixes cut, with their audit entries. */
export class HotfixStore {
  constructor(private readonly db: Knex) {}

  /** Stores a hotfix and its audit entry in one transaction. */
  async add(
    hotfix: Omit<StoredHotfix, 'at'>,
    detail: string,
  ): Promise<StoredHotfix> {
    const at = new Date();
    await this.db.transaction(async tx => {
      await tx('hotfixes').insert({
        entity_ref: hotfix.entityRef,
        fix_sha: hotfix.fixSha,
        target: hotfix.target,
        branch: hotfix.branch,
        sha: hotfix.sha,
        tag: hotfix.tag,
        promotion_id: hotfix.promotionId,
        by: hotfix.by,
        at,
      });
      await tx('audit_log').insert({
        at,
        actor: hotfix.by,
        action: 'hotfix-create',
        entity_ref: hotfix.entityRef,
        environment: null,
        promotion_id: hotfix.promotionId,
        detail: detail.slice(0, 2000),
      });
    });
    return { ...hotfix, at: at.toISOString() };
  }

  /** The entity's hotfixes, newest first. */
  async list(entityRef: string): Promise<StoredHotfix[]> {
    const rows = await this.db('hotfixes')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(rowOf);
  }

  /** The hotfix that made `tag`, if one did. */
  async byTag(entityRef: string, tag: string): Promise<StoredHotfix | null> {
    const row = await this.db('hotfixes')
      .where({ entity_ref: entityRef, tag })
      .first();
    return row ? rowOf(row) : null;
  }
}

function rowOf(row: any): StoredHotfix {
  return {
    entityRef: row.entity_ref,
    fixSha: row.fix_sha,
    target: row.target,
    branch: row.branch,
    sha: row.sha,
    tag: row.tag,
    promotionId: row.promotion_id ?? null,
    by: row.by,
    at: toIso(row.at),
  };
}
