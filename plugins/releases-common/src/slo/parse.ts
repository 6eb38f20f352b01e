/*
 * Reading a service level objectives file. Two formats are read into one
 * model: Keptn's `slo.yaml` (`spec_version`), read unchanged with Keptn's
 * defaults, and ours (`apiVersion: releases-for-backstage.io/v1alpha1`,
 * `kind: ServiceLevelObjectives`). Both are checked strictly, so a typo
 * fails when the file is read rather than silently changing a gate.
 */
import { LineCounter, parseDocument } from 'yaml';
import { CRITERION_RULE, parseCriterion } from './criteria';
import { InvalidSloDefinitionError } from './errors';
import type {
  SloAggregateFunction,
  SloComparison,
  SloCompareWith,
  SloCriteriaSet,
  SloDefinition,
  SloIncludeResultWithScore,
  SloIndicator,
  SloNoBaseline,
  SloObjective,
  SloWindow,
} from './types';

/** `apiVersion` of our format. */
export const SLO_API_VERSION = 'releases-for-backstage.io/v1alpha1';
/** `kind` of our format. */
export const SLO_KIND = 'ServiceLevelObjectives';
/** Keptn `spec_version`s read; Keptn's own examples use all three. */
const KEPTN_SPEC_VERSIONS = ['1.0', '0.1.1', '0.1.0'];

const COMPARE_WITH: readonly SloCompareWith[] = [
  'single_result',
  'several_results',
];
const INCLUDE: readonly SloIncludeResultWithScore[] = [
  'pass',
  'pass_or_warn',
  'all',
];
const AGGREGATE: readonly SloAggregateFunction[] = ['avg', 'p50', 'p90', 'p95'];
const NO_BASELINE: readonly SloNoBaseline[] = ['warning', 'pass'];

/** Keptn's defaults when a file has no `comparison`. */
const NO_COMPARISON: SloComparison = {
  compareWith: 'single_result',
  numberOfComparisonResults: 1,
  includeResultWithScore: 'all',
  aggregateFunction: 'avg',
};

type Map = Record<string, unknown>;

/** Reads values at a path and throws errors that name it. */
class Reader {
  constructor(
    private readonly source: string | undefined,
    private readonly lineOf: (
      path: Array<string | number>,
    ) => number | undefined,
  ) {}

  fail(path: Array<string | number>, reason: string): never {
    throw new InvalidSloDefinitionError({
      path: formatPath(path),
      reason,
      source: this.source,
      line: this.lineOf(path),
    });
  }

  map(value: unknown, path: Array<string | number>, keys: string[]): Map {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be a map');
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) {
        this.fail(
          [...path, key],
          `unknown key; allowed here: ${keys.join(', ')}`,
        );
      }
    }
    return value as Map;
  }

  list(value: unknown, path: Array<string | number>): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be a list');
    return value;
  }

  string(value: unknown, path: Array<string | number>): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, 'must be a non-empty string');
    }
    return value;
  }

  optionalString(
    value: unknown,
    path: Array<string | number>,
  ): string | undefined {
    return value === undefined || value === null
      ? undefined
      : this.string(value, path);
  }

  choice<T extends string>(
    value: unknown,
    path: Array<string | number>,
    choices: readonly T[],
  ): T {
    if (typeof value !== 'string' || !choices.includes(value as T)) {
      this.fail(
        path,
        `${JSON.stringify(value)} is not one of ${choices.join(', ')}`,
      );
    }
    return value as T;
  }

  boolean(value: unknown, path: Array<string | number>): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false');
    return value;
  }

  /** Weight: a number >= 0, where 0 or missing means 1 (Keptn's rule). */
  weight(
    value: unknown,
    path: Array<string | number>,
    integer: boolean,
  ): number {
    if (value === undefined || value === null) return 1;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      (integer && !Number.isInteger(value))
    ) {
      this.fail(
        path,
        `${JSON.stringify(value)} is not a weight; use a ${
          integer ? 'whole ' : ''
        }number of 0 or more (0 means 1)`,
      );
    }
    return value === 0 ? 1 : value;
  }

  /** A total-score threshold: `90%`, `"90"` or 90, in percent. */
  percent(value: unknown, path: Array<string | number>): number {
    let text = '';
    if (typeof value === 'number') text = String(value);
    if (typeof value === 'string') text = value.trim().replace(/%$/, '');
    const n = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : NaN;
    if (!(n >= 0 && n <= 100)) {
      this.fail(
        path,
        `${JSON.stringify(
          value,
        )} is not a percentage; use a number from 0 to 100, e.g. 90 or "90%"`,
      );
    }
    return n;
  }

  criteriaSets(
    value: unknown,
    path: Array<string | number>,
    allowEmptyCriteria: boolean,
  ): SloCriteriaSet[] {
    if (value === undefined || value === null) return [];
    return this.list(value, path).map((set, i) => {
      const at = [...path, i];
      const m = this.map(set, at, ['criteria']);
      if (m.criteria === undefined || m.criteria === null) {
        this.fail([...at, 'criteria'], 'is required');
      }
      const list = this.list(m.criteria, [...at, 'criteria']);
      if (list.length === 0 && !allowEmptyCriteria) {
        this.fail([...at, 'criteria'], 'must list at least one criterion');
      }
      return {
        criteria: list.map((text, j) => {
          const criterion =
            typeof text === 'string' ? parseCriterion(text) : undefined;
          if (!criterion) {
            this.fail(
              [...at, 'criteria', j],
              `${JSON.stringify(text)} is not a criterion; ${CRITERION_RULE}`,
            );
          }
          return criterion;
        }),
      };
    });
  }
}

function formatPath(path: Array<string | number>): string {
  return path
    .map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

/** Results lighthouse compares with: 1 for single_result, else n, where 0 means 3. */
function keptnResultCount(compareWith: SloCompareWith, n: number): number {
  if (compareWith === 'single_result') return 1;
  return n || 3;
}

function duplicateMetric(
  reader: Reader,
  objectives: SloObjective[],
  path: (i: number) => Array<string | number>,
): void {
  const seen = new Set<string>();
  objectives.forEach((o, i) => {
    if (seen.has(o.metric)) {
      reader.fail(
        path(i),
        `"${o.metric}" is the metric of an earlier objective`,
      );
    }
    seen.add(o.metric);
  });
}

function parseKeptn(doc: Map, reader: Reader): Omit<SloDefinition, 'source'> {
  const top = reader.map(
    doc,
    [],
    ['spec_version', 'filter', 'comparison', 'objectives', 'total_score'],
  );
  // YAML reads an unquoted 1.0 as the number 1.
  const specVersion =
    typeof top.spec_version === 'number'
      ? top.spec_version.toFixed(1)
      : top.spec_version;
  if (
    typeof specVersion !== 'string' ||
    !KEPTN_SPEC_VERSIONS.includes(specVersion)
  ) {
    reader.fail(
      ['spec_version'],
      `${JSON.stringify(
        top.spec_version,
      )} is not a Keptn SLO version; use "1.0"`,
    );
  }

  const filter: Record<string, string> = {};
  if (top.filter !== undefined && top.filter !== null) {
    const f = reader.map(top.filter, ['filter'], Object.keys(top.filter));
    for (const [key, value] of Object.entries(f)) {
      if (typeof value !== 'string' && typeof value !== 'number') {
        reader.fail(['filter', key], 'must be a string');
      }
      filter[key] = String(value);
    }
  }

  let comparison = NO_COMPARISON;
  if (top.comparison !== undefined && top.comparison !== null) {
    const c = reader.map(
      top.comparison,
      ['comparison'],
      [
        'compare_with',
        'include_result_with_score',
        'number_of_comparison_results',
        'aggregate_function',
      ],
    );
    const at = (key: string) => ['comparison', key];
    const empty = (v: unknown) => v === undefined || v === null || v === '';
    const n = c.number_of_comparison_results;
    if (!empty(n) && !(Number.isInteger(n) && (n as number) >= 0)) {
      reader.fail(
        at('number_of_comparison_results'),
        `${JSON.stringify(n)} is not a whole number of 0 or more`,
      );
    }
    // Lighthouse compares with 3 results unless compare_with says
    // single_result (1) or several_results (number_of_comparison_results,
    // where 0 means 3); a missing compare_with is therefore 3 results.
    const compareWith = empty(c.compare_with)
      ? 'several_results'
      : reader.choice(c.compare_with, at('compare_with'), COMPARE_WITH);
    comparison = {
      compareWith,
      numberOfComparisonResults: keptnResultCount(
        compareWith,
        empty(c.compare_with) || empty(n) ? 0 : (n as number),
      ),
      includeResultWithScore: empty(c.include_result_with_score)
        ? 'all'
        : reader.choice(
            c.include_result_with_score,
            at('include_result_with_score'),
            INCLUDE,
          ),
      aggregateFunction: empty(c.aggregate_function)
        ? 'avg'
        : reader.choice(
            c.aggregate_function,
            at('aggregate_function'),
            AGGREGATE,
          ),
    };
  }

  const objectives = reader
    .list(top.objectives ?? [], ['objectives'])
    .map((o, i): SloObjective => {
      const at = ['objectives', i];
      const m = reader.map(o, at, [
        'sli',
        'displayName',
        'pass',
        'warning',
        'weight',
        'key_sli',
      ]);
      const objective: SloObjective = {
        metric: reader.string(m.sli, [...at, 'sli']),
        // Keptn counts a set with no criteria as met; read such files as Keptn does.
        pass: reader.criteriaSets(m.pass, [...at, 'pass'], true),
        warning: reader.criteriaSets(m.warning, [...at, 'warning'], true),
        weight: reader.weight(m.weight, [...at, 'weight'], true),
        keySli: reader.boolean(m.key_sli, [...at, 'key_sli']),
      };
      const displayName = reader.optionalString(m.displayName, [
        ...at,
        'displayName',
      ]);
      if (displayName !== undefined) objective.displayName = displayName;
      return objective;
    });
  duplicateMetric(reader, objectives, i => ['objectives', i, 'sli']);

  if (top.total_score === undefined || top.total_score === null) {
    reader.fail(
      ['total_score'],
      'is required, e.g. { pass: "90%", warning: "75%" }',
    );
  }
  const total = reader.map(
    top.total_score,
    ['total_score'],
    ['pass', 'warning'],
  );
  if (total.pass === undefined || total.pass === null || total.pass === '') {
    reader.fail(['total_score', 'pass'], 'is required, e.g. "90%"');
  }
  const totalScore: SloDefinition['totalScore'] = {
    pass: reader.percent(total.pass, ['total_score', 'pass']),
  };
  if (
    total.warning !== undefined &&
    total.warning !== null &&
    total.warning !== ''
  ) {
    totalScore.warning = reader.percent(total.warning, [
      'total_score',
      'warning',
    ]);
  }

  return {
    format: 'keptn',
    specVersion,
    filter,
    comparison,
    noBaseline: 'pass',
    totalScore,
    objectives,
  };
}

const WINDOW = /^([1-9]\d*)(d|h|m)$/;
const UNIT_SECONDS = { d: 86400, h: 3600, m: 60 } as const;

function parseIndicator(
  value: unknown,
  at: Array<string | number>,
  reader: Reader,
): SloIndicator {
  const type = reader.map(value, at, ['type', 'query', 'good', 'total']).type;
  if (
    reader.choice(type, [...at, 'type'], ['threshold', 'ratio']) === 'threshold'
  ) {
    const m = reader.map(value, at, ['type', 'query']);
    return {
      type: 'threshold',
      query: reader.string(m.query, [...at, 'query']),
    };
  }
  const m = reader.map(value, at, ['type', 'good', 'total']);
  return {
    type: 'ratio',
    good: reader.string(m.good, [...at, 'good']),
    total: reader.string(m.total, [...at, 'total']),
  };
}

function parseReleases(
  doc: Map,
  reader: Reader,
): Omit<SloDefinition, 'source'> {
  const top = reader.map(doc, [], ['apiVersion', 'kind', 'metadata', 'spec']);
  if (top.apiVersion !== SLO_API_VERSION) {
    reader.fail(
      ['apiVersion'],
      `${JSON.stringify(
        top.apiVersion,
      )} is not supported; use ${SLO_API_VERSION}`,
    );
  }
  if (top.kind !== SLO_KIND) {
    reader.fail(
      ['kind'],
      `${JSON.stringify(top.kind)} is not supported; use ${SLO_KIND}`,
    );
  }
  let name: string | undefined;
  if (top.metadata !== undefined && top.metadata !== null) {
    const metadata = reader.map(top.metadata, ['metadata'], ['name']);
    name = reader.optionalString(metadata.name, ['metadata', 'name']);
  }
  if (top.spec === undefined || top.spec === null) {
    reader.fail(['spec'], 'is required');
  }
  const spec = reader.map(
    top.spec,
    ['spec'],
    ['window', 'comparison', 'noBaseline', 'totalScore', 'objectives'],
  );

  let window: SloWindow | undefined;
  if (spec.window !== undefined && spec.window !== null) {
    const m = typeof spec.window === 'string' ? WINDOW.exec(spec.window) : null;
    if (!m) {
      reader.fail(
        ['spec', 'window'],
        `${JSON.stringify(
          spec.window,
        )} is not a window; use <n>d, <n>h or <n>m, e.g. 30d`,
      );
    }
    window = {
      duration: m[0],
      seconds: Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS],
    };
  }

  let comparison = NO_COMPARISON;
  if (spec.comparison !== undefined && spec.comparison !== null) {
    const at = (key: string) => ['spec', 'comparison', key];
    const c = reader.map(
      spec.comparison,
      ['spec', 'comparison'],
      [
        'compareWith',
        'numberOfComparisonResults',
        'includeResultWithScore',
        'aggregateFunction',
      ],
    );
    // Required here: Keptn's implicit "3 results" when it is missing surprises.
    if (c.compareWith === undefined || c.compareWith === null) {
      reader.fail(
        at('compareWith'),
        `is required: ${COMPARE_WITH.join(' or ')}`,
      );
    }
    const compareWith = reader.choice(
      c.compareWith,
      at('compareWith'),
      COMPARE_WITH,
    );
    const n = c.numberOfComparisonResults;
    if (n !== undefined && n !== null) {
      if (compareWith === 'single_result') {
        reader.fail(
          at('numberOfComparisonResults'),
          'applies to compareWith: several_results only',
        );
      }
      if (!(Number.isInteger(n) && (n as number) >= 0)) {
        reader.fail(
          at('numberOfComparisonResults'),
          `${JSON.stringify(n)} is not a whole number of 0 or more (0 means 3)`,
        );
      }
    }
    comparison = {
      compareWith,
      numberOfComparisonResults:
        compareWith === 'single_result' ? 1 : (n as number) || 3,
      includeResultWithScore:
        c.includeResultWithScore === undefined ||
        c.includeResultWithScore === null
          ? 'all'
          : reader.choice(
              c.includeResultWithScore,
              at('includeResultWithScore'),
              INCLUDE,
            ),
      aggregateFunction:
        c.aggregateFunction === undefined || c.aggregateFunction === null
          ? 'avg'
          : reader.choice(
              c.aggregateFunction,
              at('aggregateFunction'),
              AGGREGATE,
            ),
    };
  }

  const noBaseline =
    spec.noBaseline === undefined || spec.noBaseline === null
      ? 'warning'
      : reader.choice(spec.noBaseline, ['spec', 'noBaseline'], NO_BASELINE);

  if (spec.totalScore === undefined || spec.totalScore === null) {
    reader.fail(
      ['spec', 'totalScore'],
      'is required, e.g. { pass: 90, warning: 75 }',
    );
  }
  const total = reader.map(
    spec.totalScore,
    ['spec', 'totalScore'],
    ['pass', 'warning'],
  );
  if (total.pass === undefined || total.pass === null) {
    reader.fail(['spec', 'totalScore', 'pass'], 'is required, e.g. 90');
  }
  const totalScore: SloDefinition['totalScore'] = {
    pass: reader.percent(total.pass, ['spec', 'totalScore', 'pass']),
  };
  if (total.warning !== undefined && total.warning !== null) {
    totalScore.warning = reader.percent(total.warning, [
      'spec',
      'totalScore',
      'warning',
    ]);
    if (totalScore.warning > totalScore.pass) {
      reader.fail(
        ['spec', 'totalScore', 'warning'],
        `${totalScore.warning} is above pass (${totalScore.pass})`,
      );
    }
  }

  if (spec.objectives === undefined || spec.objectives === null) {
    reader.fail(['spec', 'objectives'], 'is required');
  }
  const objectives = reader
    .list(spec.objectives, ['spec', 'objectives'])
    .map((o, i): SloObjective => {
      const at = ['spec', 'objectives', i];
      const m = reader.map(o, at, [
        'name',
        'displayName',
        'indicator',
        'target',
        'pass',
        'warning',
        'weight',
        'key',
      ]);
      const objective: SloObjective = {
        metric: reader.string(m.name, [...at, 'name']),
        pass: reader.criteriaSets(m.pass, [...at, 'pass'], false),
        warning: reader.criteriaSets(m.warning, [...at, 'warning'], false),
        weight: reader.weight(m.weight, [...at, 'weight'], false),
        keySli: reader.boolean(m.key, [...at, 'key']),
      };
      const displayName = reader.optionalString(m.displayName, [
        ...at,
        'displayName',
      ]);
      if (displayName !== undefined) objective.displayName = displayName;
      if (m.indicator !== undefined && m.indicator !== null) {
        objective.indicator = parseIndicator(
          m.indicator,
          [...at, 'indicator'],
          reader,
        );
      }
      if (m.target !== undefined && m.target !== null) {
        if (typeof m.target !== 'number' || !(m.target > 0 && m.target < 1)) {
          reader.fail(
            [...at, 'target'],
            `${JSON.stringify(
              m.target,
            )} is not a target; use a number between 0 and 1, e.g. 0.999`,
          );
        }
        if (!window) {
          reader.fail(
            [...at, 'target'],
            'needs spec.window, the period the target holds over, e.g. 30d',
          );
        }
        objective.target = m.target;
      }
      return objective;
    });
  duplicateMetric(reader, objectives, i => ['spec', 'objectives', i, 'name']);

  const definition: Omit<SloDefinition, 'source'> = {
    format: 'releases',
    filter: {},
    comparison,
    noBaseline,
    totalScore,
    objectives,
  };
  if (name !== undefined) definition.name = name;
  if (window) definition.window = window;
  return definition;
}

/**
 * Reads a service level objectives file in either format: Keptn's
 * `slo.yaml` (it has `spec_version`) or ours (`apiVersion` and `kind`).
 * Throws an {@link InvalidSloDefinitionError} naming the offending path,
 * prefixed by `source` (e.g. the file name) when given.
 */
export function parseSloDefinition(
  text: string,
  source?: string,
): SloDefinition {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lineOf = (path: Array<string | number>): number | undefined => {
    // The line of the deepest node of the path that exists.
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as
        | { range?: [number, number, number] }
        | undefined;
      const offset = typeof node === 'object' ? node?.range?.[0] : undefined;
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    return undefined;
  };
  const reader = new Reader(source, lineOf);
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new InvalidSloDefinitionError({
      path: '',
      reason: `not valid YAML: ${error.message.split('\n')[0]}`,
      source,
      line: error.linePos?.[0].line,
    });
  }
  const value = doc.toJS() as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidSloDefinitionError({
      path: '',
      reason: `is not a service level objectives file: expected a map with spec_version (Keptn) or apiVersion: ${SLO_API_VERSION} and kind: ${SLO_KIND}`,
      source,
    });
  }
  const map = value as Map;
  let definition: Omit<SloDefinition, 'source'>;
  if ('spec_version' in map) {
    definition = parseKeptn(map, reader);
  } else if ('apiVersion' in map || 'kind' in map) {
    definition = parseReleases(map, reader);
  } else {
    throw new InvalidSloDefinitionError({
      path: '',
      reason: `is not a service level objectives file: expected spec_version (Keptn) or apiVersion: ${SLO_API_VERSION} and kind: ${SLO_KIND}`,
      source,
    });
  }
  return source === undefined ? definition : { ...definition, source };
}
