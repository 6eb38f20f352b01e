/*
 * The pipeline stages reported per version: one row per stage name, a new
 * report of a stage replacing the old one, each report in the audit log.
 */
import type { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import type {
  PipelineStage,
  PipelineStageStatus,
  SchemaDeclaration,
} from '@releases-for-backstage/plugin-releases-common';
import { toIso } from '../database/util';

export interface NewPipelineReport {
  entityRef: string;
  /** Without the tag prefix. */
  version: string;
  sha: string | null;
  stages: Array<{
    name: string;
    status: PipelineStageStatus;
    startedAt: string | null;
    finishedAt: string | null;
    url: string | null;
    detail: string | null;
  }>;
  /** The database schema the release declares, for components without a schema file. */
  schema?: SchemaDeclaration | null;
  reportedBy: string;
}

export interface PipelineStore {
  report(report: NewPipelineReport): Promise<void>;
  /** The stages of a version as last reported, in no particular order. */
  stages(entityRef: string, version: string): Promise<PipelineStage[]>;
  /** The schema a pipeline reported for a version, if any. */
  schemaOf(
    entityRef: string,
    version: string,
  ): Promise<SchemaDeclaration | null>;
}

export class DatabasePipelineStore implements PipelineStore {
  constructor(private readonly db: Knex) {}

  async report(r: NewPipelineReport): Promise<void> {
    const reportedAt = new Date();
    await this.db.transaction(async tx => {
      if (r.schema) {
        // Checked before any stage is written, so a conflict writes nothing.
        const known = await this.schemaIn(tx, r.entityRef, r.version);
        if (
          known &&
          (known.version !== r.schema.version ||
            known.compatibleUpTo !== r.schema.compatibleUpTo)
        ) {
          throw new ConflictError(
            `${r.version} was reported with database schema ${known.version} (compatible up to ${known.compatibleUpTo}); a release's schema does not change once built`,
          );
        }
        if (!known) {
          await tx('release_schemas').insert({
            entity_ref: r.entityRef,
            version: r.version,
            schema_version: r.schema.version,
            compatible_up_to: r.schema.compatibleUpTo,
            reported_by: r.reportedBy,
            reported_at: reportedAt,
          });
        }
      }
      for (const s of r.stages) {
        await tx('pipeline_stages')
          .insert({
            entity_ref: r.entityRef,
            version: r.version,
            stage: s.name,
            status: s.status,
            started_at: s.startedAt ? new Date(s.startedAt) : null,
            finished_at: s.finishedAt ? new Date(s.finishedAt) : null,
            url: s.url,
            detail: s.detail,
            sha: r.sha,
            reported_by: r.reportedBy,
            reported_at: reportedAt,
          })
          .onConflict(['entity_ref', 'version', 'stage'])
          .merge();
      }
      await tx('audit_log').insert({
        at: reportedAt,
        actor: r.reportedBy,
        action: 'pipeline-report',
        entity_ref: r.entityRef,
        environment: null,
        promotion_id: null,
        detail: `${r.version}: ${r.stages
          .map(s => `${s.name} ${s.status}`)
          .join(', ')}${
          r.schema ? `; database schema ${r.schema.version}` : ''
        }`.slice(0, 2000),
      });
    });
  }

  async stages(entityRef: string, version: string): Promise<PipelineStage[]> {
    const rows = await this.db('pipeline_stages').where({
      entity_ref: entityRef,
      version,
    });
    return rows.map(row => ({
      name: row.stage,
      status: row.status,
      startedAt: row.started_at ? toIso(row.started_at) : null,
      finishedAt: row.finished_at ? toIso(row.finished_at) : null,
      url: row.url,
      detail: row.detail,
      reportedBy: row.reported_by,
      reportedAt: toIso(row.reported_at),
    }));
  }

  async schemaOf(
    entityRef: string,
    version: string,
  ): Promise<SchemaDeclaration | null> {
    return this.schemaIn(this.db, entityRef, version);
  }

  private async schemaIn(
    db: Knex,
    entityRef: string,
    version: string,
  ): Promise<SchemaDeclaration | null> {
    const row = await db('release_schemas')
      .where({ entity_ref: entityRef, version })
      .first();
    return row
      ? {
          version: Number(row.schema_version),
          compatibleUpTo: Number(row.compatible_up_to),
        }
      : null;
  }
}
