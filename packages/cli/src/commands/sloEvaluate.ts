/*
 * `releases slo evaluate`: scores metric values against a service level
 * objectives file (Keptn's slo.yaml or ours), offline. The exit code is the
 * gate: 0 pass or warning, 1 fail, 2 bad input, so a pipeline step fails on
 * a failed evaluation and on a broken file alike, and tells them apart.
 */
import { readFileSync } from 'node:fs';
import {
  evaluateSlo,
  InvalidSloDefinitionError,
  parseSloDefinition,
  SloEvaluation,
  SloPreviousEvaluation,
  SloStatus,
  SloValue,
} from '@releases-for-backstage/plugin-releases-common';
import { UsageError } from '../errors';

export interface SloEvaluateOptions {
  slo?: string;
  values?: string;
  previous?: string;
  json?: boolean;
}

const RESULTS = ['pass', 'warning', 'fail'];
const STATUSES = ['pass', 'warning', 'fail', 'info'];

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${option} ${file}: cannot read it (${
        (error as NodeJS.ErrnoException).code ?? (error as Error).message
      })`,
    );
  }
}

function readJson(file: string, option: string): unknown {
  const text = readText(file, option);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${option} ${file}: not valid JSON: ${(error as Error).message}`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `--values`: `[{ metric, value, success, message }]`, each metric once. */
export function parseValues(json: unknown, file: string): SloValue[] {
  const bad = (at: string, reason: string): never => {
    throw new UsageError(`--values ${file}: ${at}: ${reason}`);
  };
  if (!Array.isArray(json)) {
    bad(
      'the file',
      'must be a JSON array of { metric, value, success, message }',
    );
  }
  const seen = new Set<string>();
  return (json as unknown[]).map((item, i) => {
    if (!isObject(item)) return bad(`[${i}]`, 'must be an object');
    for (const key of Object.keys(item)) {
      if (!['metric', 'value', 'success', 'message'].includes(key)) {
        bad(
          `[${i}].${key}`,
          'unknown key; allowed: metric, value, success, message',
        );
      }
    }
    const { metric, value, success, message } = item;
    if (typeof metric !== 'string' || metric === '') {
      bad(`[${i}].metric`, 'must be a non-empty string');
    }
    if (seen.has(metric as string)) {
      bad(`[${i}].metric`, `"${metric}" is given twice`);
    }
    seen.add(metric as string);
    if (
      value !== undefined &&
      value !== null &&
      (typeof value !== 'number' || !Number.isFinite(value))
    ) {
      bad(`[${i}].value`, 'must be a number or null');
    }
    if (typeof success !== 'boolean') {
      bad(`[${i}].success`, 'must be true or false');
    }
    if (message !== undefined && typeof message !== 'string') {
      bad(`[${i}].message`, 'must be a string');
    }
    const v: SloValue = {
      metric: metric as string,
      value: (value as number | null | undefined) ?? null,
      success: success as boolean,
    };
    if (message !== undefined) v.message = message as string;
    return v;
  });
}

/**
 * `--previous`: earlier evaluations, newest first, as `--json` prints them
 * (keys beyond `result`, `score` and `indicators` are ignored; an
 * indicator without `success` succeeded when it has a value).
 */
export function parsePrevious(
  json: unknown,
  file: string,
): SloPreviousEvaluation[] {
  const bad = (at: string, reason: string): never => {
    throw new UsageError(`--previous ${file}: ${at}: ${reason}`);
  };
  if (!Array.isArray(json)) {
    bad(
      'the file',
      'must be a JSON array of earlier evaluations, newest first',
    );
  }
  return (json as unknown[]).map((item, i) => {
    if (!isObject(item)) return bad(`[${i}]`, 'must be an object');
    if (!RESULTS.includes(item.result as string)) {
      bad(`[${i}].result`, `must be one of ${RESULTS.join(', ')}`);
    }
    if (typeof item.score !== 'number') bad(`[${i}].score`, 'must be a number');
    if (!Array.isArray(item.indicators)) {
      bad(`[${i}].indicators`, 'must be an array');
    }
    return {
      result: item.result as SloPreviousEvaluation['result'],
      score: item.score as number,
      indicators: (item.indicators as unknown[]).map((ind, j) => {
        const at = `[${i}].indicators[${j}]`;
        if (!isObject(ind)) return bad(at, 'must be an object');
        if (typeof ind.metric !== 'string') {
          bad(`${at}.metric`, 'must be a string');
        }
        if (ind.value !== null && typeof ind.value !== 'number') {
          bad(`${at}.value`, 'must be a number or null');
        }
        if (ind.success !== undefined && typeof ind.success !== 'boolean') {
          bad(`${at}.success`, 'must be true or false');
        }
        if (!STATUSES.includes(ind.status as string)) {
          bad(`${at}.status`, `must be one of ${STATUSES.join(', ')}`);
        }
        return {
          metric: ind.metric as string,
          value: ind.value as number | null,
          // --json output has no success: a value there is a value read.
          success: (ind.success as boolean | undefined) ?? ind.value !== null,
          status: ind.status as SloStatus,
        };
      }),
    };
  });
}

function formatNumber(n: number | null): string {
  if (n === null) return '-';
  return String(Number(n.toFixed(3)));
}

/** The evaluation as a table: metric, value, baseline, status, score; then the total. */
export function formatEvaluation(evaluation: SloEvaluation): string {
  const header = ['metric', 'value', 'baseline', 'status', 'score'];
  const rows = evaluation.indicators.map(i => [
    `${i.metric}${i.keySli ? ' (key)' : ''}`,
    formatNumber(i.value),
    formatNumber(i.comparedValue),
    i.status,
    i.status === 'info'
      ? '-'
      : `${formatNumber(i.score)}/${formatNumber(i.weight)}`,
  ]);
  const widths = header.map((h, c) =>
    Math.max(h.length, ...rows.map(r => r[c].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  const notes = evaluation.indicators
    .filter(i => i.message)
    .map(i => `  ${i.metric}: ${i.message}`);
  return [
    line(header),
    ...rows.map(line),
    ...(notes.length ? ['', ...notes] : []),
    '',
    `total ${formatNumber(evaluation.score)}%: ${evaluation.result}${
      evaluation.keySliFailed ? ' (a key objective failed)' : ''
    }`,
    '',
  ].join('\n');
}

/** `releases slo evaluate`: 0 on pass or warning, 1 on fail. */
export async function sloEvaluateCommand(
  opts: SloEvaluateOptions,
): Promise<number> {
  if (!opts.slo) {
    throw new UsageError('Pass --slo FILE, the service level objectives');
  }
  if (!opts.values) {
    throw new UsageError(
      'Pass --values FILE, a JSON array of { metric, value, success, message }',
    );
  }
  let definition;
  try {
    definition = parseSloDefinition(readText(opts.slo, '--slo'), opts.slo);
  } catch (error) {
    if (error instanceof InvalidSloDefinitionError) {
      throw new UsageError(`--slo ${error.message}`);
    }
    throw error;
  }
  const values = parseValues(readJson(opts.values, '--values'), opts.values);
  const previous = opts.previous
    ? parsePrevious(readJson(opts.previous, '--previous'), opts.previous)
    : [];

  const evaluation = evaluateSlo(definition, values, previous);
  process.stdout.write(
    opts.json
      ? `${JSON.stringify(evaluation)}\n`
      : formatEvaluation(evaluation),
  );
  return evaluation.result === 'fail' ? 1 : 0;
}
