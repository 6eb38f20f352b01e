/*
 * `releases pipeline report`: the stages of a version's pipeline, each
 * `--stage name=status[,url=…,started=…,finished=…,detail=…]`, checked here
 * before anything is sent so a typo in a CI file fails the step at once.
 */
import type {
  PipelineStageStatus,
  PipelineTrace,
  ReportPipelineRequest,
} from '@releases-for-backstage/plugin-releases-common';
import { BackendClient, BackendOptions } from '../backendClient';
import { UsageError } from '../errors';
import {
  parseChoice,
  parseEntityRefOption,
  parseUrlOption,
  parseVersionOption,
} from './reportInput';

const STATUSES: readonly PipelineStageStatus[] = [
  'running',
  'succeeded',
  'failed',
  'skipped',
];
const STAGE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const KEYS = ['url', 'started', 'finished', 'detail'] as const;
// Only a comma before a known key separates fields: a URL or a detail may hold commas.
const FIELD_SEPARATOR = new RegExp(`,(?=(?:${KEYS.join('|')})=)`);
const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const EXAMPLE =
  'e.g. --stage unit-tests=succeeded,url=https://ci/1,detail=coverage 84%';

export interface PipelineReportOptions extends BackendOptions {
  entity?: string;
  version?: string;
  stage: string[];
  sha?: string;
  schema?: string;
}

type Stage = ReportPipelineRequest['stages'][number];

function timestampOf(value: string, what: string, stage: string): string {
  if (!ISO_8601.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(
      `--stage '${stage}': ${what} '${value}' is not an ISO 8601 timestamp with a time zone, e.g. 2026-12-03T10:00:00Z`,
    );
  }
  return value;
}

/** One `--stage` value as the API takes it. */
export function parseStageOption(value: string): Stage {
  const [head, ...fields] = value.split(FIELD_SEPARATOR);
  const first = head.split(',');
  if (first.length > 1) {
    throw new UsageError(
      `--stage '${value}': unknown field '${first[1]}'; fields are ${KEYS.map(
        k => `${k}=`,
      ).join(', ')}`,
    );
  }
  const at = head.indexOf('=');
  if (at < 0) {
    throw new UsageError(
      `--stage '${value}' has no status: expected name=status, ${EXAMPLE}`,
    );
  }
  const name = head.slice(0, at).trim();
  if (!STAGE_NAME.test(name)) {
    throw new UsageError(
      `--stage '${value}': '${name}' is not a stage name (lower-case a-z, 0-9 and -, starting with a letter, at most 63 characters)`,
    );
  }
  const stage: Stage = {
    name,
    status: parseChoice(`--stage ${name}`, head.slice(at + 1).trim(), STATUSES),
  };
  const seen = new Set<string>();
  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = field.slice(0, eq) as (typeof KEYS)[number];
    const v = field.slice(eq + 1);
    if (seen.has(key)) {
      throw new UsageError(`--stage '${value}': ${key}= is given twice`);
    }
    seen.add(key);
    if (key === 'url') {
      stage.url = parseUrlOption(`--stage ${name} url`, v);
    } else if (key === 'started') {
      stage.startedAt = timestampOf(v, 'started', value);
    } else if (key === 'finished') {
      stage.finishedAt = timestampOf(v, 'finished', value);
    } else {
      const detail = v.trim();
      if (detail === '' || detail.length > 500) {
        throw new UsageError(
          `--stage '${value}': detail must be 1 to 500 characters`,
        );
      }
      stage.detail = detail;
    }
  }
  if (
    stage.startedAt &&
    stage.finishedAt &&
    Date.parse(stage.finishedAt) < Date.parse(stage.startedAt)
  ) {
    throw new UsageError(
      `--stage '${value}': finished ${stage.finishedAt} is before started ${stage.startedAt}`,
    );
  }
  return stage;
}

/** All `--stage` values: at least one, at most 20, each name once. */
export function parseStageOptions(values: readonly string[]): Stage[] {
  if (values.length === 0) {
    throw new UsageError(`Pass at least one --stage, ${EXAMPLE}`);
  }
  if (values.length > 20) {
    throw new UsageError(
      `${values.length} --stage options; a report takes at most 20`,
    );
  }
  const stages = values.map(parseStageOption);
  const names = new Set<string>();
  for (const s of stages) {
    if (names.has(s.name)) {
      throw new UsageError(
        `--stage ${s.name} is given twice; a report names each stage once`,
      );
    }
    names.add(s.name);
  }
  return stages;
}

/** `--schema 5` or `--schema 5:6` (version and the newest schema it runs on). */
export function parseSchemaOption(
  value: string,
): NonNullable<ReportPipelineRequest['schema']> {
  const m = /^(\d{1,7})(?::(\d{1,7}))?$/.exec(value.trim());
  if (!m) {
    throw new UsageError(
      `--schema '${value}' is not a schema version: a whole number, optionally with the newest schema the release runs on, e.g. 5 or 5:6`,
    );
  }
  const version = Number(m[1]);
  if (m[2] === undefined) return { version };
  const compatibleUpTo = Number(m[2]);
  if (compatibleUpTo < version) {
    throw new UsageError(
      `--schema '${value}': the newest schema it runs on (${compatibleUpTo}) is below its own (${version})`,
    );
  }
  return { version, compatibleUpTo };
}

/** `releases pipeline report`: records stages of a release's pipeline. */
export async function pipelineReportCommand(
  opts: PipelineReportOptions,
): Promise<number> {
  const request: ReportPipelineRequest = {
    entityRef: parseEntityRefOption(opts.entity),
    version: parseVersionOption(opts.version),
    stages: parseStageOptions(opts.stage),
  };
  if (opts.sha !== undefined) {
    const sha = opts.sha.trim().toLowerCase();
    if (!/^[0-9a-f]{7,40}$/.test(sha)) {
      throw new UsageError(
        `--sha '${opts.sha}' is not a commit sha (7 to 40 hex digits)`,
      );
    }
    request.sha = sha;
  }
  if (opts.schema !== undefined)
    request.schema = parseSchemaOption(opts.schema);

  const client = BackendClient.fromOptions(opts);
  const trace = await client.post<PipelineTrace>('/pipelines', request);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(trace)}\n`);
  } else {
    const entityRef = trace.entityRef ?? request.entityRef;
    const name = entityRef.slice(entityRef.lastIndexOf('/') + 1);
    const chart = trace.chartVersion ? ` (chart ${trace.chartVersion})` : '';
    const schema = request.schema
      ? `; database schema ${request.schema.version}`
      : '';
    process.stdout.write(
      `${request.stages
        .map(s => `${s.name} ${s.status}`)
        .join(', ')} recorded for ${name} ${trace.version}${chart}${schema}\n`,
    );
  }
  return 0;
}
