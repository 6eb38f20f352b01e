/*
 * Stored SLO evaluations, newest window first. A repeat of the same
 * window from the same source returns the stored evaluation unchanged.
 */
import type { Knex } from 'knex';
import type {
  SloEvaluationRecord,
  StoredSloIndicator,
} from '@releases-for-backstage/plugin-releases-common';
import { toIso } from '../database/util';

export type NewSloEvaluation = Omit<
  SloEvaluationRecord,
  'id' | 'evaluatedAt'
> & {
  reportedBy: string;
};

function fromRow(row: any): SloEvaluationRecord {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    environment: row.environment,
    version: row.version ?? null,
    windowStart: toIso(row.window_start),
    windowEnd: toIso(row.window_end),
    evaluatedAt: toIso(row.evaluated_at),
    source: row.source,
    result: row.result,
    score:
      row.score === null || row.score === undefined ? null : Number(row.score),
    keySliFailed: Boolean(row.key_sli_failed),
    indicators: JSON.parse(row.indicators) as StoredSloIndicator[],
  };
}

export class SloStore {
  constructor(private readonly db: Knex) {}

  /** Stores an evaluation; `created: false` when that window was evaluated already. */
  async add(
    e: NewSloEvaluation,
  ): Promise<{ record: SloEvaluationRecord; created: boolean }> {
    const key = {
      entity_ref: e.entityRef,
      environment: e.environment,
      source: e.source,
      window_end: new Date(e.windowEnd),
    };
    return this.db.transaction(async tx => {
      const known = await tx('slo_evaluations').where(key).first();
      if (known) return { record: fromRow(known), created: false };
      const evaluatedAt = new Date();
      await tx('slo_evaluations').insert({
        ...key,
        version: e.version,
        window_start: new Date(e.windowStart),
        evaluated_at: evaluatedAt,
        result: e.result,
        score: e.score,
        key_sli_failed: e.keySliFailed,
        indicators: JSON.stringify(e.indicators),
        reported_by: e.reportedBy,
      });
      await tx('audit_log').insert({
        at: evaluatedAt,
        actor: e.reportedBy,
        action: 'slo-evaluation',
        entity_ref: e.entityRef,
        environment: e.environment,
        promotion_id: null,
        detail: `${e.version ?? 'unknown version'}: ${e.result}${
          e.score === null ? '' : ` ${e.score}%`
        } (${e.source}, ${e.windowStart} .. ${e.windowEnd})`.slice(0, 2000),
      });
      return {
        record: fromRow(await tx('slo_evaluations').where(key).first()),
        created: true,
      };
    });
  }

  /** Evaluations of an entity in an environment, newest window first. */
  async list(
    entityRef: string,
    environment: string,
    filter: {
      version?: string;
      limit?: number;
      since?: Date;
      until?: Date;
    } = {},
  ): Promise<SloEvaluationRecord[]> {
    const q = this.db('slo_evaluations')
      .where({ entity_ref: entityRef, environment })
      .orderBy([
        { column: 'window_end', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit ?? 200);
    if (filter.version) q.andWhere({ version: filter.version });
    if (filter.since) q.andWhere('window_end', '>=', filter.since);
    if (filter.until) q.andWhere('window_end', '<=', filter.until);
    return (await q).map(fromRow);
  }

  /**
   * When `version` started running in the environment and when the next
   * version replaced it (null: it still runs), from the deployment events.
   */
  async runningWindow(
    entityRef: string,
    environment: string,
    version: string,
  ): Promise<{ since: string; until: string | null } | null> {
    const rows = await this.db('deployments')
      .where({ entity_ref: entityRef, environment, status: 'succeeded' })
      .orderBy([
        { column: 'recorded_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('version', 'recorded_at', 'finished_at');
    let since: string | null = null;
    let until: string | null = null;
    for (const r of rows) {
      const at = toIso(r.finished_at ?? r.recorded_at);
      if (r.version === version) {
        // The newest stretch it ran counts.
        since = at;
        until = null;
      } else if (since && !until) {
        until = at;
      }
    }
    return since ? { since, until } : null;
  }
}
