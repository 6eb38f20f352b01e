/*
 * The pipeline trace of a version and the `pipeline` gate. A final
 * version is built from its release candidate: until it has stages of its
 * own, its trace is the candidate's (the rc on the same commit, or before
 * the final is tagged the highest rc), as its test results are.
 */
import {
  PIPELINE_STAGES,
  WIP_VERSION,
  parseSemVer,
  renderArtifactVersion,
  type PipelineStage,
  type PipelineTrace,
  type SchemaDeclaration,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  GitTag,
  PromotionGate,
  RepositoryLocator,
} from '@releases-for-backstage/plugin-releases-node';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';
import { RiskService } from '../judgement/RiskService';
import type { PipelineStore } from './PipelineStore';
import type { PipelineSettings } from './settings';

const ORDER: readonly string[] = PIPELINE_STAGES;

/** In PIPELINE_STAGES order, then other stages by name. */
export function orderStages(stages: PipelineStage[]): PipelineStage[] {
  const rank = (name: string) => {
    const i = ORDER.indexOf(name);
    return i < 0 ? ORDER.length : i;
  };
  return [...stages].sort(
    (a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name),
  );
}

export class PipelineService {
  constructor(
    private readonly options: {
      store: PipelineStore;
      risk: Pick<RiskService, 'candidateOf'>;
      locator: RepositoryLocator;
      settings: PipelineSettings;
      /** The entity's release source, read with the plugin's own credentials. */
      sourceOf: (entityRef: string) => Promise<EntityReleaseSource>;
    },
  ) {}

  get store(): PipelineStore {
    return this.options.store;
  }

  /** The release tag of a version (with or without prefix), if the repository has it. */
  async tagOf(
    source: EntityReleaseSource,
    version: string,
  ): Promise<GitTag | undefined> {
    const v = RiskService.versionOf(source, version);
    const repo = await this.options.locator.open(source.repo);
    return (await repo.listTags()).find(
      t => t.name === `${source.tagPrefix}${v}`,
    );
  }

  /** The stages of a version, or of its candidate when a final has none. */
  async trace(
    source: EntityReleaseSource,
    given: string,
  ): Promise<PipelineTrace> {
    const { store } = this.options;
    const asked = RiskService.versionOf(source, given);
    let version = asked;
    let stages = await store.stages(source.entityRef, asked);
    const candidate =
      stages.length === 0
        ? await this.options.risk.candidateOf(source, asked)
        : null;
    if (candidate) {
      const tested = await store.stages(source.entityRef, candidate);
      if (tested.length > 0) {
        version = candidate;
        stages = tested;
      }
    }
    return {
      entityRef: source.entityRef,
      version: `${source.tagPrefix}${version}`,
      stages: orderStages(stages),
      chartVersion: await this.chartVersion(source, version, candidate),
      schema: await this.reportedSchema(source, asked),
    };
  }

  /**
   * The database schema a pipeline reported for a version, or for the
   * candidate a final was made from (it is the same build).
   */
  async reportedSchema(
    source: EntityReleaseSource,
    given: string,
  ): Promise<SchemaDeclaration | null> {
    const { store, risk } = this.options;
    const version = RiskService.versionOf(source, given);
    const own = await store.schemaOf(source.entityRef, version);
    if (own) return own;
    const candidate = await risk.candidateOf(source, version);
    return candidate ? store.schemaOf(source.entityRef, candidate) : null;
  }

  /** The configured chart version of the version's commit (the candidate's before a final is tagged). */
  private async chartVersion(
    source: EntityReleaseSource,
    version: string,
    candidate: string | null,
  ): Promise<string | null> {
    const template = this.options.settings.chartVersion;
    if (!template || !parseSemVer(version)) return null;
    let tag = await this.tagOf(source, version);
    if (!tag) {
      const built =
        candidate ?? (await this.options.risk.candidateOf(source, version));
      tag = built ? await this.tagOf(source, built) : undefined;
    }
    if (!tag) return null;
    return renderArtifactVersion(template, {
      module: source.entityRef.slice(source.entityRef.lastIndexOf('/') + 1),
      version,
      sha: tag.sha,
    });
  }

  /** Holds a promotion until the environment's required stages succeeded for its version. */
  gate(): PromotionGate {
    return {
      id: 'pipeline',
      evaluate: async context => {
        const required =
          this.options.settings.requiredStages[context.environment.name];
        if (!required) return null;
        if (context.rollback) return { status: 'met', detail: 'rollback' };
        if (context.version === WIP_VERSION) {
          return {
            status: 'failed',
            detail: `${WIP_VERSION} has no pipeline trace; ${
              context.environment.name
            } requires the stages ${required.join(', ')}`,
          };
        }
        const source = await this.options.sourceOf(context.entityRef);
        const trace = await this.trace(source, context.version);
        const byName = new Map(trace.stages.map(s => [s.name, s]));
        const failed = required
          .map(name => byName.get(name))
          .filter((s): s is PipelineStage => s?.status === 'failed');
        if (failed.length > 0) {
          return {
            status: 'failed',
            detail: `pipeline stage ${failed
              .map(s => `${s.name}${s.url ? ` (${s.url})` : ''}`)
              .join(', ')} failed for ${trace.version}`,
          };
        }
        // Skipped does not count: a requirement is a stage that ran and passed.
        const waiting = required.filter(
          name => byName.get(name)?.status !== 'succeeded',
        );
        if (waiting.length > 0) {
          return {
            status: 'pending',
            detail: `waiting for pipeline stages ${waiting
              .map(
                name =>
                  `${name} (${byName.get(name)?.status ?? 'not reported'})`,
              )
              .join(', ')} for ${trace.version}`,
          };
        }
        return {
          status: 'met',
          detail: `${required.join(', ')} succeeded for ${trace.version}`,
        };
      },
    };
  }
}
