/*
 * Gathers the deployment history DORA metrics are computed from: the
 * promotions that ran into an environment, the deployments pipelines
 * reported without a promotion, the hotfixes cut, and the commits of each
 * version from the stored release changelogs. docs/dora.md defines it.
 */
import type { Knex } from 'knex';
import { InputError } from '@backstage/errors';
import {
  computeDoraMetrics,
  type DoraBucketSize,
  type DoraCommit,
  type DoraDeploymentRecord,
  type DoraHistory,
  type DoraResponse,
  type EnvironmentDefinition,
  type Release,
} from '@releases-for-backstage/plugin-releases-common';
import type { ReleasesStore } from '../database/ReleasesStore';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';
import { toIso } from '../database/util';

/** Promotion states that leave something in the environment. */
const ENDED = ['succeeded', 'failed', 'rolled-back'];

export interface DoraQuery {
  environment: string;
  from: Date;
  to: Date;
  bucket: DoraBucketSize;
}

export interface DoraServiceOptions {
  db: Knex;
  /** The stored releases, whose changelogs list each version's commits. */
  releases: Pick<ReleasesStore, 'getState' | 'listReleases'>;
  /** Reads an entity's releases from Git, for one never read yet. */
  refresh: (source: EntityReleaseSource) => Promise<unknown>;
  environments: readonly EnvironmentDefinition[];
}

function startedAnything(execution: unknown): boolean {
  if (!execution) return false;
  try {
    const parsed =
      typeof execution === 'string' ? JSON.parse(execution) : execution;
    return Array.isArray(parsed?.started) && parsed.started.length > 0;
  } catch {
    return false;
  }
}

/**
 * The commits of each release, from its changelog and those before it
 * (each changelog names the release it starts from).
 */
class CommitIndex {
  private readonly byTagOrVersion = new Map<string, Release>();
  private readonly byVersion = new Map<string, Release>();
  private readonly chains = new Map<string, Map<string, DoraCommit>>();

  constructor(releases: Release[]) {
    for (const r of releases) {
      this.byVersion.set(r.version, r);
      this.byTagOrVersion.set(r.version, r);
    }
    for (const r of releases) this.byTagOrVersion.set(r.tag, r);
  }

  /** Commits in `version` that `previous` did not have; a first deployment brings its own release's. */
  newIn(version: string, previous: string | null): DoraCommit[] {
    const release = this.byTagOrVersion.get(version);
    if (!release) return [];
    if (previous === null) return [...own(release).values()];
    const had = this.chainOf(previous);
    return [...this.chainOf(version).values()].filter(c => !had.has(c.sha));
  }

  private chainOf(version: string): Map<string, DoraCommit> {
    const start = this.byTagOrVersion.get(version);
    if (!start) return new Map();
    const cached = this.chains.get(start.tag);
    if (cached) return cached;
    const out = new Map<string, DoraCommit>();
    const seen = new Set<string>();
    let r: Release | undefined = start;
    // Bounded by the releases there are; `seen` guards against a cycle.
    while (r && !seen.has(r.tag)) {
      seen.add(r.tag);
      for (const [sha, c] of own(r)) if (!out.has(sha)) out.set(sha, c);
      const prev: string | null = r.changelog.previousVersion;
      r = prev ? this.byVersion.get(prev) : undefined;
    }
    this.chains.set(start.tag, out);
    return out;
  }
}

/** A release's own commits: its changelog, each commit once. */
function own(release: Release): Map<string, DoraCommit> {
  const out = new Map<string, DoraCommit>();
  for (const section of release.changelog.sections) {
    for (const e of section.entries) {
      if (!out.has(e.sha)) out.set(e.sha, { sha: e.sha, at: e.date });
    }
  }
  return out;
}

/** DORA metrics of a component or a product, from the plugin database. */
export class DoraService {
  constructor(private readonly options: DoraServiceOptions) {}

  /**
   * The environment measured when none is named: `prod`, else the last of
   * type prod (a canary comes before it), else the last stage.
   */
  defaultEnvironment(): string {
    const { environments } = this.options;
    if (environments.some(e => e.name === 'prod')) return 'prod';
    const prods = environments.filter(e => e.type === 'prod');
    return (prods[prods.length - 1] ?? environments[environments.length - 1])
      .name;
  }

  /** Refuses an environment the configuration does not define. */
  checkEnvironment(name: string): void {
    const { environments } = this.options;
    if (!environments.some(e => e.name === name)) {
      throw new InputError(
        `Invalid query: environment '${name}' is not one of ${environments
          .map(e => e.name)
          .join(', ')}`,
      );
    }
  }

  async component(
    source: EntityReleaseSource,
    query: DoraQuery,
  ): Promise<DoraResponse> {
    const history = await this.historyOf(source, query);
    return {
      ...this.compute(history, query),
      environment: query.environment,
      entityRef: source.entityRef,
    };
  }

  /** A product: the union of its components' deployments. */
  async product(
    systemRef: string,
    sources: EntityReleaseSource[],
    query: DoraQuery,
  ): Promise<DoraResponse> {
    const history: DoraHistory = { deployments: [], hotfixes: [] };
    // One after the other: a component never read needs a Git read.
    for (const source of sources) {
      const h = await this.historyOf(source, query);
      history.deployments.push(...h.deployments);
      history.hotfixes!.push(...(h.hotfixes ?? []));
    }
    const from = query.from.getTime();
    const to = query.to.getTime();
    const productPromotions = new Set(
      history.deployments
        .filter(d => {
          const at = Date.parse(d.at);
          return d.productPromotionId && at >= from && at < to;
        })
        .map(d => d.productPromotionId),
    );
    return {
      ...this.compute(history, query),
      environment: query.environment,
      system: systemRef,
      components: sources.map(s => s.entityRef),
      productDeployments: productPromotions.size,
    };
  }

  private compute(history: DoraHistory, query: DoraQuery) {
    return computeDoraMetrics(history, {
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      bucket: query.bucket,
    });
  }

  /** One component's records in one environment, up to the end of the range. */
  async historyOf(
    source: EntityReleaseSource,
    query: Pick<DoraQuery, 'environment' | 'to'>,
  ): Promise<DoraHistory> {
    const { db } = this.options;
    const { entityRef } = source;
    const { environment } = query;
    const to = query.to.getTime();
    const before = (at: string) => Date.parse(at) < to;

    const promotions = await db('promotions')
      .where({ entity_ref: entityRef, environment })
      .whereIn('state', ENDED)
      .select(
        'id',
        'version',
        'previous_version',
        'state',
        'rollback',
        'execution',
        'updated_at',
        'product_promotion_id',
      );
    const ids = promotions.map(p => p.id as string);
    const events = new Map<string, Map<string, string>>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db('promotion_events')
        .whereIn('promotion_id', ids.slice(i, i + 500))
        .whereIn('state', ['rolling-back', ...ENDED])
        .orderBy('id')
        .select('promotion_id', 'state', 'at');
      for (const r of rows) {
        const m = events.get(r.promotion_id) ?? new Map<string, string>();
        if (!m.has(r.state)) m.set(r.state, toIso(r.at));
        events.set(r.promotion_id, m);
      }
    }
    const deploymentRows = await db('deployments')
      .where({ entity_ref: entityRef, environment })
      .whereIn('status', ['succeeded', 'failed'])
      .orderBy('id')
      .select(
        'id',
        'version',
        'status',
        'promotion_id',
        'finished_at',
        'recorded_at',
      );
    const hotfixRows = await db('hotfixes')
      .where({ entity_ref: entityRef })
      .select('tag', 'target', 'at');
    const hotfixOf = new Map<string, string>(
      hotfixRows.map(h => [h.tag as string, h.target as string]),
    );

    // When a promotion's version ran: its deployment record says.
    const deployedAt = new Map<string, string>();
    for (const d of deploymentRows) {
      if (d.promotion_id && d.status === 'succeeded') {
        deployedAt.set(d.promotion_id, toIso(d.recorded_at));
      }
    }

    type Draft = Omit<DoraDeploymentRecord, 'commits'>;
    const drafts: Draft[] = [];
    const promotionIds = new Set(ids);
    for (const p of promotions) {
      const e = events.get(p.id) ?? new Map<string, string>();
      const ended = e.get(p.state) ?? toIso(p.updated_at);
      let at: string;
      if (p.state === 'succeeded') {
        at = deployedAt.get(p.id) ?? ended;
      } else {
        // A promotion that failed before writing the environment deployed nothing.
        if (p.state === 'failed' && !startedAnything(p.execution)) continue;
        at = e.get('rolling-back') ?? ended;
      }
      drafts.push({
        id: `promotion:${p.id}`,
        entityRef,
        source: 'promotion',
        at,
        version: p.version,
        previousVersion: p.previous_version ?? null,
        status: p.state,
        restoredAt: p.state === 'rolled-back' ? ended : null,
        rollback: Boolean(p.rollback),
        hotfixOf: hotfixOf.get(p.version) ?? null,
        productPromotionId: p.product_promotion_id ?? null,
      });
    }
    for (const d of deploymentRows) {
      // A promotion's own record is that promotion, counted above.
      if (d.promotion_id && promotionIds.has(d.promotion_id)) continue;
      drafts.push({
        id: `deployment:${d.id}`,
        entityRef,
        source: 'report',
        at: toIso(d.finished_at ?? d.recorded_at),
        version: d.version,
        previousVersion: null,
        status: d.status,
        rollback: false,
        hotfixOf: hotfixOf.get(d.version) ?? null,
      });
    }
    const inRange = drafts
      .filter(d => before(d.at))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

    // A report does not say what ran before it: the history does.
    let running: string | null = null;
    for (const d of inRange) {
      if (d.source === 'report') d.previousVersion = running;
      running = d.status === 'rolled-back' ? d.previousVersion : d.version;
    }

    const commits = new CommitIndex(await this.releasesOf(source));
    return {
      deployments: inRange.map(d => ({
        ...d,
        commits: commits.newIn(d.version, d.previousVersion),
      })),
      hotfixes: hotfixRows
        .map(h => ({ entityRef, target: h.target, at: toIso(h.at) }))
        .filter(h => before(h.at)),
    };
  }

  private async releasesOf(source: EntityReleaseSource): Promise<Release[]> {
    const { releases } = this.options;
    if (!(await releases.getState(source.entityRef))) {
      await this.options.refresh(source);
    }
    return releases.listReleases(source.entityRef);
  }
}
