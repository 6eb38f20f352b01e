import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { Release } from '@releases-for-backstage/plugin-releases-common';
import type {
  EntityReleaseSnapshot,
  EntityReleaseState,
  ReleasesStore,
} from './ReleasesStore';

const migrationsDir = resolvePackagePath(
  '@releases-for-backstage/plugin-releases-backend',
  'migrations',
);

// SQLite rejects more parameters per statement than PostgreSQL; 100 rows of
// 8 columns stays well inside both limits.
const BATCH = 100;

type StateRow = {
  entity_ref: string;
  repo: string;
  tag_prefix: string;
  preset: string;
  head_sha: string | null;
  unreleased: string | null;
  error: string | null;
  refreshed_at: string | Date;
};

type ReleaseRow = {
  entity_ref: string;
  tag: string;
  version: string;
  prerelease: boolean | number;
  sha: string;
  released_at: string | Date;
  channel: string | null;
  changelog: string;
};

// SQLite returns timestamps as strings or epoch numbers, PostgreSQL as Date.
function toIso(value: string | Date | number): string {
  return new Date(value).toISOString();
}

export class DatabaseReleasesStore implements ReleasesStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseReleasesStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseReleasesStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async saveSnapshot(snapshot: EntityReleaseSnapshot): Promise<void> {
    await this.db.transaction(async tx => {
      await tx<StateRow>('entity_release_state')
        .insert({
          entity_ref: snapshot.entityRef,
          repo: snapshot.repo,
          tag_prefix: snapshot.tagPrefix,
          preset: snapshot.preset,
          head_sha: snapshot.headSha,
          unreleased: snapshot.unreleased
            ? JSON.stringify(snapshot.unreleased)
            : null,
          error: snapshot.error,
          refreshed_at: new Date(snapshot.refreshedAt),
        })
        .onConflict('entity_ref')
        .merge();
      if (snapshot.error) {
        // A failed read keeps the releases already known.
        return;
      }
      const tags = snapshot.releases.map(r => r.tag);
      // Upsert rather than delete-and-insert: two refreshes racing on
      // PostgreSQL would otherwise both insert the same keys.
      const rows: ReleaseRow[] = snapshot.releases.map(r => ({
        entity_ref: snapshot.entityRef,
        tag: r.tag,
        version: r.version,
        prerelease: r.prerelease,
        sha: r.sha,
        released_at: new Date(r.date),
        channel: r.channel,
        changelog: JSON.stringify(r.changelog),
      })) as ReleaseRow[];
      for (let i = 0; i < rows.length; i += BATCH) {
        await tx<ReleaseRow>('entity_releases')
          .insert(rows.slice(i, i + BATCH))
          .onConflict(['entity_ref', 'tag'])
          .merge();
      }
      const existing = await tx<ReleaseRow>('entity_releases')
        .where({ entity_ref: snapshot.entityRef })
        .pluck('tag');
      const keep = new Set(tags);
      const gone = existing.filter(t => !keep.has(t));
      for (let i = 0; i < gone.length; i += BATCH) {
        await tx('entity_releases')
          .where({ entity_ref: snapshot.entityRef })
          .whereIn('tag', gone.slice(i, i + BATCH))
          .delete();
      }
    });
  }

  async getState(entityRef: string): Promise<EntityReleaseState | undefined> {
    const row = await this.db<StateRow>('entity_release_state')
      .where({ entity_ref: entityRef })
      .first();
    if (!row) return undefined;
    return {
      entityRef: row.entity_ref,
      repo: row.repo,
      tagPrefix: row.tag_prefix,
      preset: row.preset,
      headSha: row.head_sha,
      unreleased: row.unreleased ? JSON.parse(row.unreleased) : null,
      error: row.error,
      refreshedAt: toIso(row.refreshed_at),
    };
  }

  async listReleases(entityRef: string): Promise<Release[]> {
    const rows = await this.db<ReleaseRow>('entity_releases')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'released_at', order: 'desc' },
        { column: 'tag', order: 'desc' },
      ]);
    return rows.map(row => ({
      tag: row.tag,
      version: row.version,
      prerelease: Boolean(row.prerelease),
      sha: row.sha,
      date: toIso(row.released_at),
      channel: (row.channel as Release['channel']) ?? null,
      changelog: JSON.parse(row.changelog),
    }));
  }
}
