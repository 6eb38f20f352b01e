import type { Knex } from 'knex';
import type {
  BlessedRelease,
  ChangeLabels,
  Freeze,
  TestResult,
  TestResultKind,
  TestResultStatus,
  Vote,
  VoteDecision,
} from '@releases-for-backstage/plugin-releases-common';
import { toIso } from './util';

export interface NewTestResult {
  entityRef: string;
  version: string;
  environment: string | null;
  kind: TestResultKind;
  status: TestResultStatus;
  toggle: 'on' | 'off' | null;
  url: string | null;
  summary: string | null;
  reportedBy: string;
}

export interface NewVote {
  promotionId: string;
  entityRef: string;
  environment: string;
  version: string;
  role: string;
  decision: VoteDecision;
  reason: string;
  voter: string;
}

/** A vote as stored: the API's `void` depends on the promotion it is shown with. */
export type StoredVote = Omit<Vote, 'void'> & { entityRef: string };

export interface StoredChangeLabels {
  entityRef: string;
  changeId: string;
  labels: ChangeLabels;
  reportedBy: string;
  reportedAt: string;
}

/** Reported labels, results, votes, freezes and blessings. */
export type JudgementStore = Pick<
  DatabaseJudgementStore,
  | 'reportLabels'
  | 'labelsOf'
  | 'addResult'
  | 'results'
  | 'addVote'
  | 'addVotes'
  | 'votesFor'
  | 'votesOfPromotion'
  | 'freeze'
  | 'lift'
  | 'freezes'
  | 'setBlessing'
  | 'blessings'
  | 'setOverride'
  | 'overrideOf'
>;

export class DatabaseJudgementStore implements JudgementStore {
  constructor(private readonly db: Knex) {}

  /**
   * Merges a pipeline's labels into what earlier reports said of the change:
   * a label reported again takes the new value, others stay.
   */
  async reportLabels(input: {
    entityRef: string;
    changeId: string;
    labels: ChangeLabels;
    reportedBy: string;
  }): Promise<StoredChangeLabels> {
    return this.db.transaction(async tx => {
      const key = { entity_ref: input.entityRef, change_id: input.changeId };
      const row = await tx('change_labels').where(key).forUpdate().first();
      const labels = {
        ...(row ? (JSON.parse(row.labels) as ChangeLabels) : {}),
        ...input.labels,
      };
      const values = {
        labels: JSON.stringify(labels),
        reported_by: input.reportedBy,
        reported_at: new Date(),
      };
      if (row) await tx('change_labels').where(key).update(values);
      else await tx('change_labels').insert({ ...key, ...values });
      await audit(tx, {
        at: values.reported_at,
        actor: input.reportedBy,
        action: 'change-labels',
        entityRef: input.entityRef,
        detail: `${input.changeId}: ${Object.entries(input.labels)
          .map(([k, v]) => `${k}:${v}`)
          .join(', ')}`,
      });
      return {
        entityRef: input.entityRef,
        changeId: input.changeId,
        labels,
        reportedBy: input.reportedBy,
        reportedAt: values.reported_at.toISOString(),
      };
    });
  }

  /** Reported labels of the given changes of an entity, by change id. */
  async labelsOf(
    entityRef: string,
    changeIds: readonly string[],
  ): Promise<Map<string, StoredChangeLabels>> {
    const out = new Map<string, StoredChangeLabels>();
    for (let i = 0; i < changeIds.length; i += 500) {
      const rows = await this.db('change_labels')
        .where({ entity_ref: entityRef })
        .whereIn('change_id', changeIds.slice(i, i + 500));
      for (const row of rows) {
        out.set(row.change_id, {
          entityRef,
          changeId: row.change_id,
          labels: JSON.parse(row.labels),
          reportedBy: row.reported_by,
          reportedAt: toIso(row.reported_at),
        });
      }
    }
    return out;
  }

  async addResult(r: NewTestResult): Promise<TestResult> {
    const reportedAt = new Date();
    const [row] = await this.db.transaction(async tx => {
      await audit(tx, {
        at: reportedAt,
        actor: r.reportedBy,
        action: 'test-result',
        entityRef: r.entityRef,
        environment: r.environment,
        detail: `${r.kind} ${r.status} for ${r.version}${
          r.toggle ? ` (toggle ${r.toggle})` : ''
        }${r.summary ? `: ${r.summary}` : ''}`,
      });
      const inserted: Array<{ id: number } | number> = await tx('test_results')
        .insert({
          entity_ref: r.entityRef,
          version: r.version,
          environment: r.environment,
          kind: r.kind,
          status: r.status,
          toggle: r.toggle,
          url: r.url,
          summary: r.summary,
          reported_by: r.reportedBy,
          reported_at: reportedAt,
        })
        .returning('id');
      return inserted;
    });
    const id = typeof row === 'object' ? row.id : row;
    return {
      id: String(id),
      ...r,
      reportedAt: reportedAt.toISOString(),
    };
  }

  /** Results of an entity (of one version when given), newest first. */
  async results(
    entityRef: string,
    filter: { version?: string; limit?: number } = {},
  ): Promise<TestResult[]> {
    const query = this.db('test_results')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'reported_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit ?? 500);
    if (filter.version) query.andWhere({ version: filter.version });
    const rows = await query;
    return rows.map(row => ({
      id: String(row.id),
      entityRef: row.entity_ref,
      version: row.version,
      environment: row.environment,
      kind: row.kind,
      status: row.status,
      toggle: row.toggle,
      url: row.url,
      summary: row.summary,
      reportedBy: row.reported_by,
      reportedAt: toIso(row.reported_at),
    }));
  }

  async addVote(v: NewVote): Promise<StoredVote> {
    const [vote] = await this.addVotes([v]);
    return vote;
  }

  /** Several votes (one person's vote on a product's promotions): all or none. */
  async addVotes(votes: readonly NewVote[]): Promise<StoredVote[]> {
    const castAt = new Date();
    return this.db.transaction(async tx => {
      const stored: StoredVote[] = [];
      for (const v of votes) {
        await audit(tx, {
          at: castAt,
          actor: v.voter,
          action: 'promotion-vote',
          entityRef: v.entityRef,
          environment: v.environment,
          promotionId: v.promotionId,
          detail: `${v.role}: ${v.decision} for ${v.version}: ${v.reason}`,
        });
        const [row]: Array<{ id: number } | number> = await tx(
          'promotion_votes',
        )
          .insert({
            promotion_id: v.promotionId,
            entity_ref: v.entityRef,
            environment: v.environment,
            version: v.version,
            role: v.role,
            decision: v.decision,
            reason: v.reason,
            voter: v.voter,
            cast_at: castAt,
          })
          .returning('id');
        const id = typeof row === 'object' ? row.id : row;
        stored.push({ id: String(id), ...v, castAt: castAt.toISOString() });
      }
      return stored;
    });
  }

  /** Votes cast for one version of an entity in one environment, oldest first. */
  async votesFor(target: {
    entityRef: string;
    environment: string;
    version: string;
  }): Promise<StoredVote[]> {
    const rows = await this.db('promotion_votes')
      .where({
        entity_ref: target.entityRef,
        environment: target.environment,
        version: target.version,
      })
      .orderBy('id', 'asc');
    return rows.map(voteOf);
  }

  /** Votes cast on one promotion, whatever version they were for, oldest first. */
  async votesOfPromotion(promotionId: string): Promise<StoredVote[]> {
    const rows = await this.db('promotion_votes')
      .where({ promotion_id: promotionId })
      .orderBy('id', 'asc');
    return rows.map(voteOf);
  }

  /** Freezes a product; false when it was frozen already (the first freeze stays). */
  async freeze(f: Freeze): Promise<boolean> {
    return this.db.transaction(async tx => {
      const inserted = await tx('product_freezes')
        .insert({
          system: f.system,
          reason: f.reason,
          frozen_by: f.by,
          frozen_at: new Date(f.at),
        })
        .onConflict('system')
        .ignore()
        .returning('system');
      if (inserted.length === 0) return false;
      await audit(tx, {
        at: new Date(f.at),
        actor: f.by,
        action: 'product-freeze',
        entityRef: f.system,
        detail: f.reason,
      });
      return true;
    });
  }

  /** Lifts a freeze; the freeze that was lifted, or null when there was none. */
  async lift(
    system: string,
    by: { actor: string; reason: string },
  ): Promise<Freeze | null> {
    return this.db.transaction(async tx => {
      const row = await tx('product_freezes').where({ system }).first();
      if (!row) return null;
      await tx('product_freezes').where({ system }).delete();
      await audit(tx, {
        at: new Date(),
        actor: by.actor,
        action: 'product-unfreeze',
        entityRef: system,
        detail: by.reason,
      });
      return freezeOf(row);
    });
  }

  async freezes(systems?: readonly string[]): Promise<Freeze[]> {
    const query = this.db('product_freezes').orderBy('system');
    if (systems) query.whereIn('system', [...systems]);
    return (await query).map(freezeOf);
  }

  /**
   * Records that a release is blessed or un-blessed. An un-blessing is a
   * person's decision and is never overwritten by a later blessing.
   */
  async setBlessing(b: Omit<BlessedRelease, 'at'>): Promise<BlessedRelease> {
    const at = new Date();
    const key = { entity_ref: b.entityRef, version: b.version };
    await this.db.transaction(async tx => {
      const row = await tx('release_blessings').where(key).forUpdate().first();
      const values = {
        blessed: b.blessed,
        reason: b.reason,
        decided_by: b.by,
        decided_at: at,
      };
      if (row && b.blessed && !row.blessed) return;
      if (!row) await tx('release_blessings').insert({ ...key, ...values });
      else await tx('release_blessings').where(key).update(values);
      await audit(tx, {
        at,
        actor: b.by,
        action: b.blessed ? 'release-bless' : 'release-unbless',
        entityRef: b.entityRef,
        detail: `${b.version}: ${b.reason}`,
      });
    });
    const [stored] = await this.blessings(b.entityRef, [b.version]);
    return stored;
  }

  /** Records a break-glass override on a promotion, with its audit entry. */
  async setOverride(
    promotion: { id: string; entityRef: string; environment: string },
    override: { by: string; reason: string },
  ): Promise<void> {
    const at = new Date();
    await this.db.transaction(async tx => {
      await tx('promotions')
        .where({ id: promotion.id })
        .update({
          override: JSON.stringify({ ...override, at: at.toISOString() }),
        });
      await audit(tx, {
        at,
        actor: override.by,
        action: 'promotion-override',
        entityRef: promotion.entityRef,
        environment: promotion.environment,
        promotionId: promotion.id,
        detail: override.reason,
      });
    });
  }

  async overrideOf(
    promotionId: string,
  ): Promise<{ by: string; reason: string; at: string } | null> {
    const row = await this.db('promotions')
      .where({ id: promotionId })
      .select('override')
      .first();
    return row?.override ? JSON.parse(row.override) : null;
  }

  /** Blessings of an entity (of the given versions), newest first. */
  async blessings(
    entityRef: string,
    versions?: readonly string[],
  ): Promise<BlessedRelease[]> {
    const query = this.db('release_blessings')
      .where({ entity_ref: entityRef })
      .orderBy('decided_at', 'desc');
    if (versions) query.whereIn('version', [...versions]);
    return (await query).map(row => ({
      entityRef: row.entity_ref,
      version: row.version,
      blessed: Boolean(row.blessed),
      reason: row.reason,
      by: row.decided_by,
      at: toIso(row.decided_at),
    }));
  }
}

/** An entry of the entity's audit trail, in the transaction of what it records. */
async function audit(
  tx: Knex,
  entry: {
    actor: string;
    action: string;
    entityRef: string;
    environment?: string | null;
    promotionId?: string | null;
    detail: string;
    at: Date;
  },
) {
  await tx('audit_log').insert({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    entity_ref: entry.entityRef,
    environment: entry.environment ?? null,
    promotion_id: entry.promotionId ?? null,
    detail: entry.detail.slice(0, 2000),
  });
}

function voteOf(row: any): StoredVote {
  return {
    id: String(row.id),
    promotionId: row.promotion_id,
    entityRef: row.entity_ref,
    environment: row.environment,
    version: row.version,
    role: row.role,
    decision: row.decision,
    reason: row.reason,
    voter: row.voter,
    castAt: toIso(row.cast_at),
  };
}

function freezeOf(row: any): Freeze {
  return {
    system: row.system,
    reason: row.reason,
    by: row.frozen_by,
    at: toIso(row.frozen_at),
  };
}
