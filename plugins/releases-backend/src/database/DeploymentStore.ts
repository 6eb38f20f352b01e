import type { Knex } from 'knex';
import type { EnvironmentStatus } from '@releases-for-backstage/plugin-releases-common';
import { toIso } from './util';

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

/** One deployment event, from a promotion or a pipeline's report. */
export interface NewDeployment {
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
}

/** Deployment events and the current state per (entity, environment) they maintain. */
export type DeploymentStore = Pick<
  DatabaseDeploymentStore,
  | 'onStateChange'
  | 'recordDeployment'
  | 'environmentStates'
  | 'stateVersion'
  | 'stateOf'
  | 'lastKnownGood'
  | 'succeededVersions'
>;

/**
 * Deployments in the plugin database: every event, the current-state table
 * the matrix reads, and a state version other instances compare against.
 */
export class DatabaseDeploymentStore implements DeploymentStore {
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

  /** Records a deployment event and updates the current state in one transaction. */
  async recordDeployment(d: NewDeployment): Promise<void> {
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

  /** Versions that deployed successfully, newest first, each once, without the current one. */
  async succeededVersions(
    entityRef: string,
    environment: string,
    current: string | null,
    limit = 100,
  ): Promise<Array<{ version: string; sha: string | null }>> {
    const rows = await this.db('deployments')
      .where({ entity_ref: entityRef, environment, status: 'succeeded' })
      .orderBy([
        { column: 'recorded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit * 4)
      .select('version', 'sha');
    const seen = new Set<string>();
    const out: Array<{ version: string; sha: string | null }> = [];
    for (const r of rows) {
      if (r.version === current || seen.has(r.version)) continue;
      seen.add(r.version);
      out.push({ version: r.version, sha: r.sha });
      if (out.length >= limit) break;
    }
    return out;
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
}
