/*
 * SLO evaluations of an entity in an environment: the definition read
 * from the file its annotation names, values read from a metrics source
 * (or pushed by a pipeline), evaluated by the pure rules in common with
 * the stored evaluations as baseline, and stored. "No data" and "source
 * down" are kept as outcomes: an evaluation where no objective had a value
 * is `no-data`, with no score, never a pass.
 */
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  computeStability,
  evaluateSlo,
  parseSloDefinition,
  type SloDefinition,
  type SloEvaluationRecord,
  type SloEvaluationsResponse,
  type SloObjectiveSummary,
  type SloPreviousEvaluation,
  type SloValue,
  type StabilityResponse,
  type StabilitySettings,
  type StoredSloIndicator,
} from '@releases-for-backstage/plugin-releases-common';
import {
  parseKeptnSli,
  runGit,
  type MetricOutcome,
  type MetricsIndicator,
  type MetricsSource,
  type PromotionVerifier,
  type RepositoryLocator,
} from '@releases-for-backstage/plugin-releases-node';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';
import type { SloStore } from './SloStore';

export const RELEASES_SLO_FILE_ANNOTATION =
  'releases-for-backstage.io/slo-file';
export const RELEASES_SLI_FILE_ANNOTATION =
  'releases-for-backstage.io/sli-file';
export const RELEASES_METRICS_SOURCE_ANNOTATION =
  'releases-for-backstage.io/metrics-source';
const LINK_ANNOTATIONS = {
  grafana: 'releases-for-backstage.io/grafana-url',
  traces: 'releases-for-backstage.io/traces-url',
  logs: 'releases-for-backstage.io/logs-url',
} as const;

export interface SloSettings {
  /** The metrics source evaluations read by default (an entity may name another). */
  source: string | null;
  /** Minutes between scheduled evaluations; also each evaluation's window. */
  intervalMinutes: number;
  /** Where the scheduler evaluates and stability is scored. */
  environments: string[];
  stability: Partial<StabilitySettings>;
}

/** Fixed pass threshold of an objective, for charts: the first fixed `<=`/`<`/`>=`/`>` criterion. */
function thresholdOf(
  o: SloDefinition['objectives'][number],
): number | undefined {
  for (const set of o.pass) {
    const fixed = set.criteria.find(c => !c.relative && c.operator !== '=');
    if (fixed) return fixed.amount;
  }
  return undefined;
}

function validFile(file: string): boolean {
  return (
    file !== '' &&
    !file.startsWith('/') &&
    !file.split('/').some(s => s === '..' || s === '') &&
    /^[\w./-]+$/.test(file)
  );
}

export class SloService {
  constructor(
    private readonly options: {
      store: SloStore;
      locator: RepositoryLocator;
      logger: LoggerService;
      settings: SloSettings;
      /** Registered metrics sources by id. */
      sourceById: (id: string) => MetricsSource | undefined;
      /** Version running in an environment, if any. */
      running: (
        entityRef: string,
        environment: string,
      ) => Promise<{ version: string; since: string } | undefined>;
      /** Newest pushed test result of each kind for a version. */
      results: (
        entityRef: string,
        version: string,
      ) => Promise<
        Array<{ kind: string; status: 'passed' | 'failed'; at: string }>
      >;
    },
  ) {}

  get settings(): SloSettings {
    return this.options.settings;
  }

  /** What runs in an environment now, if anything. */
  async running(
    entityRef: string,
    environment: string,
  ): Promise<{ version: string; since: string } | undefined> {
    return this.options.running(entityRef, environment);
  }

  /** The entity's SLO definition (and Keptn SLI queries), or null without the annotation. */
  async definitionOf(
    entity: Entity,
    source: EntityReleaseSource,
  ): Promise<{
    file: string;
    definition: SloDefinition;
    queries: Map<string, string>;
  } | null> {
    const annotations = entity.metadata.annotations ?? {};
    const file = annotations[RELEASES_SLO_FILE_ANNOTATION];
    if (file === undefined) return null;
    const sliFile = annotations[RELEASES_SLI_FILE_ANNOTATION];
    for (const [name, value] of [
      [RELEASES_SLO_FILE_ANNOTATION, file],
      [RELEASES_SLI_FILE_ANNOTATION, sliFile],
    ] as const) {
      if (value !== undefined && !validFile(value)) {
        throw new InputError(
          `Entity ${source.entityRef} has an invalid ${name} annotation '${value}': a path inside its repository`,
        );
      }
    }
    const repo = await this.options.locator.open(source.repo);
    const read = async (path: string) => {
      const shown = await runGit(['show', `HEAD:${path}`], {
        cwd: repo.dir,
        config: repo.config,
        okExitCodes: [128],
      });
      if (shown.exitCode !== 0) {
        throw new InputError(
          `${path} (named by the annotations of ${source.entityRef}) is not in its repository's HEAD`,
        );
      }
      return shown.stdout;
    };
    let definition: SloDefinition;
    const queries = new Map<string, string>();
    try {
      definition = parseSloDefinition(await read(file), file);
      if (sliFile) {
        for (const q of parseKeptnSli(await read(sliFile), sliFile))
          queries.set(q.metric, q.query);
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError((error as Error).message);
    }
    return { file, definition, queries };
  }

  /**
   * Evaluates what runs in the environment now (or `version`): values
   * pushed by a pipeline, or read from the metrics source over the last
   * interval; stores the evaluation.
   */
  async evaluate(
    entity: Entity,
    source: EntityReleaseSource,
    request: {
      environment: string;
      reportedBy: string;
      /** Values a pipeline measured; without them the metrics source is asked. */
      values?: SloValue[];
      windowStart?: string;
      windowEnd?: string;
      version?: string;
    },
  ): Promise<{ record: SloEvaluationRecord; created: boolean }> {
    const found = await this.definitionOf(entity, source);
    if (!found) {
      throw new InputError(
        `${source.entityRef} declares no SLOs: set the ${RELEASES_SLO_FILE_ANNOTATION} annotation`,
      );
    }
    const { definition, queries } = found;
    const interval = this.options.settings.intervalMinutes;
    const windowEnd = request.windowEnd
      ? new Date(request.windowEnd)
      : new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const windowStart = request.windowStart
      ? new Date(request.windowStart)
      : new Date(windowEnd.getTime() - interval * 60_000);
    const running = await this.options.running(
      source.entityRef,
      request.environment,
    );
    const version = request.version ?? running?.version ?? null;

    let values: SloValue[];
    let outcomes = new Map<string, MetricOutcome>();
    let sourceId: string;
    if (request.values) {
      sourceId = 'pipeline';
      const known = new Set(definition.objectives.map(o => o.metric));
      const unknown = request.values.filter(v => !known.has(v.metric));
      if (unknown.length > 0) {
        throw new InputError(
          `Invalid request body: ${unknown
            .map(v => `'${v.metric}'`)
            .join(', ')} is no objective of ${found.file} (objectives: ${[
            ...known,
          ].join(', ')})`,
        );
      }
      values = request.values;
    } else {
      const id =
        entity.metadata.annotations?.[RELEASES_METRICS_SOURCE_ANNOTATION] ??
        this.options.settings.source;
      const metrics = id ? this.options.sourceById(id) : undefined;
      if (!metrics) {
        throw new InputError(
          id
            ? `No metrics source '${id}' is installed; pipelines can push values instead`
            : 'No metrics source is configured (releases.slo.source); pipelines can push values instead',
        );
      }
      sourceId = metrics.id;
      const indicators: MetricsIndicator[] = definition.objectives.map(o => {
        const keptn = queries.get(o.metric);
        if (keptn) return { metric: o.metric, query: keptn };
        if (o.indicator?.type === 'threshold')
          return { metric: o.metric, query: o.indicator.query };
        if (o.indicator?.type === 'ratio')
          return {
            metric: o.metric,
            good: o.indicator.good,
            total: o.indicator.total,
          };
        return { metric: o.metric };
      });
      const read = await metrics.query(
        {
          entityRef: source.entityRef,
          entityName: entity.metadata.name,
          system:
            typeof entity.spec?.system === 'string'
              ? entity.spec.system
              : undefined,
          environment: request.environment,
          version: version ?? undefined,
          namespace: entity.metadata.namespace,
          at: windowEnd,
          window: `${Math.max(
            1,
            Math.round((windowEnd.getTime() - windowStart.getTime()) / 60_000),
          )}m`,
        },
        indicators,
      );
      outcomes = new Map(read.map(o => [o.metric, o]));
      values = read.map(o =>
        o.status === 'value'
          ? { metric: o.metric, value: o.value, success: true }
          : {
              metric: o.metric,
              value: null,
              success: false,
              message: `${
                o.status === 'no-data' ? 'no data' : 'metrics source down'
              }: ${o.message} (query ${o.query})`,
            },
      );
    }

    const previous = await this.previous(source.entityRef, request.environment);
    const evaluation = evaluateSlo(definition, values, previous);
    const indicators: StoredSloIndicator[] = evaluation.indicators.map(i => {
      const o = outcomes.get(i.metric);
      const pushed = values.find(v => v.metric === i.metric);
      const outcome =
        o?.status ??
        (pushed && pushed.success && typeof pushed.value === 'number'
          ? 'value'
          : 'no-data');
      return {
        ...i,
        outcome,
        ...(o ? { query: o.query } : {}),
        ...(o?.status === 'value' ? { raw: o.raw } : {}),
      };
    });
    const counted = indicators.filter(i => i.status !== 'info');
    const noData =
      counted.length > 0 && counted.every(i => i.outcome !== 'value');
    return this.options.store.add({
      entityRef: source.entityRef,
      environment: request.environment,
      version,
      windowStart: windowStart.toISOString(),
      windowEnd: windowEnd.toISOString(),
      source: sourceId,
      result: noData ? 'no-data' : evaluation.result,
      score: noData ? null : Math.round(evaluation.score * 100) / 100,
      keySliFailed: evaluation.keySliFailed,
      indicators,
      reportedBy: request.reportedBy,
    });
  }

  /** Earlier evaluations with data, newest first, as the rules compare with them. */
  private async previous(
    entityRef: string,
    environment: string,
  ): Promise<SloPreviousEvaluation[]> {
    const stored = await this.options.store.list(entityRef, environment, {
      limit: 50,
    });
    return stored
      .filter(e => e.result !== 'no-data' && e.score !== null)
      .map(e => ({
        result: e.result as SloPreviousEvaluation['result'],
        score: e.score as number,
        indicators: e.indicators.map(i => ({
          metric: i.metric,
          value: i.value,
          success: i.outcome === 'value' && i.value !== null,
          status: i.status,
        })),
      }));
  }

  /** What the SLO card shows. */
  async evaluations(
    entity: Entity,
    source: EntityReleaseSource,
    query: { environment: string; version?: string; limit?: number },
  ): Promise<SloEvaluationsResponse> {
    const found = await this.definitionOf(entity, source);
    const annotations = entity.metadata.annotations ?? {};
    const links: SloEvaluationsResponse['links'] = {};
    for (const [key, name] of Object.entries(LINK_ANNOTATIONS)) {
      const url = annotations[name];
      if (url && /^https?:\/\//.test(url))
        links[key as keyof typeof LINK_ANNOTATIONS] = url;
    }
    const objectives: SloObjectiveSummary[] =
      found?.definition.objectives.map(o => ({
        metric: o.metric,
        ...(o.displayName ? { displayName: o.displayName } : {}),
        ...(thresholdOf(o) !== undefined ? { threshold: thresholdOf(o) } : {}),
        ...(o.target !== undefined ? { target: o.target } : {}),
        keySli: o.keySli,
        weight: o.weight,
      })) ?? [];
    return {
      entityRef: source.entityRef,
      environment: query.environment,
      definition: found
        ? {
            file: found.file,
            format: found.definition.format,
            objectives,
            totalScore: {
              pass: found.definition.totalScore.pass,
              warning:
                found.definition.totalScore.warning ??
                found.definition.totalScore.pass,
            },
          }
        : null,
      evaluations: await this.options.store.list(
        source.entityRef,
        query.environment,
        { version: query.version, limit: query.limit ?? 48 },
      ),
      budgets: [],
      links,
    };
  }

  /** The stability score of a version (default: what runs now) in an environment. */
  async stability(
    entityRef: string,
    environment: string,
    version?: string,
    now: Date = new Date(),
  ): Promise<StabilityResponse> {
    const running = await this.options.running(entityRef, environment);
    const judged = version ?? running?.version ?? null;
    const empty: StabilityResponse = {
      entityRef,
      environment,
      version: judged,
      since: null,
      score: null,
      passed: false,
      channel: null,
      soaked: 0,
      intervals: { due: 0, measured: 0, failed: 0 },
      parts: { evaluations: null, results: null },
      reasons: [
        judged
          ? `${judged} has not run in ${environment}`
          : `nothing runs in ${environment}`,
      ],
    };
    if (!judged) return empty;
    const window = await this.options.store.runningWindow(
      entityRef,
      environment,
      judged,
    );
    const since =
      window?.since ?? (running?.version === judged ? running.since : null);
    if (!since) return empty;
    const until = window?.until ? new Date(window.until) : now;
    const evaluations = await this.options.store.list(entityRef, environment, {
      since: new Date(since),
      until,
      limit: 2000,
    });
    const versionless = judged.replace(/^.*?(\d+\.\d+\.\d+)/, '$1');
    const results = await this.options.results(entityRef, versionless);
    const score = computeStability({
      since,
      now: (until < now ? until : now).toISOString(),
      evaluations: evaluations
        .filter(e => e.version === null || e.version === judged)
        .map(e => ({
          at: e.windowEnd,
          result: e.result === 'no-data' ? 'fail' : e.result,
          score: e.score ?? 0,
          noData: e.result === 'no-data',
        })),
      results,
      settings: this.options.settings.stability,
    });
    return { entityRef, environment, version: judged, since, ...score };
  }

  /**
   * Verifier `slo`: in environments whose settings name it
   * (`verifiers: { slo: { minutes: 10 } }`), the version just rolled out
   * is evaluated from the metrics source over the minutes since it
   * started (at least `minutes`). Pass and warning verify it; fail rolls
   * it back; no data or a source that is down keeps it pending until the
   * verification deadline, so missing metrics never verify a release.
   */
  verifier(
    entityOf: (entityRef: string) => Promise<Entity>,
    sourceOf: (entity: Entity) => EntityReleaseSource,
  ): PromotionVerifier {
    return {
      id: 'slo',
      verify: async context => {
        if (Object.keys(context.settings).length === 0) return null;
        if (context.rollback) return { status: 'met', detail: 'rollback' };
        const minutes = Number(context.settings.minutes ?? 10);
        const entity = await entityOf(context.entityRef);
        if (!SloService.isDeclared(entity)) {
          return {
            status: 'failed',
            detail: `${context.environment.name} verifies SLOs, and ${context.entityRef} declares none (${RELEASES_SLO_FILE_ANNOTATION})`,
          };
        }
        // Its own window, to the millisecond: each verification is its own evaluation.
        const end = new Date();
        const { record } = await this.evaluate(entity, sourceOf(entity), {
          environment: context.environment.name,
          version: context.version,
          reportedBy: 'releases-backend',
          windowEnd: end.toISOString(),
          windowStart: new Date(
            end.getTime() - Math.max(1, minutes) * 60_000,
          ).toISOString(),
        });
        const failing = record.indicators
          .filter(i => i.status === 'fail')
          .map(i =>
            i.outcome && i.outcome !== 'value'
              ? `${i.metric} (${i.outcome})`
              : `${i.metric} ${i.value}`,
          );
        if (record.result === 'no-data') {
          return {
            status: 'pending',
            detail: `no SLO data yet for ${context.version}: ${record.indicators
              .map(i => `${i.metric} ${i.outcome ?? 'no-data'}`)
              .join(', ')}`,
          };
        }
        const down = record.indicators.filter(i => i.outcome === 'source-down');
        if (down.length > 0) {
          return {
            status: 'pending',
            detail: `metrics source down for ${down
              .map(i => i.metric)
              .join(', ')}; asking again`,
          };
        }
        if (record.result === 'fail') {
          return {
            status: 'failed',
            detail: `SLOs failed for ${context.version}: score ${
              record.score
            }%${
              record.keySliFailed ? ', a key objective failed' : ''
            }; ${failing.join(', ')}`,
          };
        }
        return {
          status: 'met',
          detail: `SLOs ${record.result} for ${context.version}: score ${record.score}%`,
        };
      },
    };
  }

  /** Whether the scheduler evaluates the entity. */
  static isDeclared(entity: Entity): boolean {
    return Boolean(entity.metadata.annotations?.[RELEASES_SLO_FILE_ANNOTATION]);
  }
}
