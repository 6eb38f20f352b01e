/*
 * Query templates: `${entity}`-style placeholders and the ones of Keptn's
 * sli.yaml (`$SERVICE`, ...), so Keptn files work unchanged.
 */
import type { MetricsQueryContext } from './metrics-source';

/** A template that cannot be resolved; the message names the placeholder. */
export class MetricsTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsTemplateError';
  }
}

type Key = keyof Omit<MetricsQueryContext, 'at'>;

const BRACED: Record<string, Key> = {
  entity: 'entityName',
  entityRef: 'entityRef',
  system: 'system',
  environment: 'environment',
  version: 'version',
  namespace: 'namespace',
  window: 'window',
};

const KEPTN: Record<string, Key> = {
  SERVICE: 'entityName',
  STAGE: 'environment',
  PROJECT: 'system',
  DEPLOYMENT: 'version',
  DURATION_SECONDS: 'window',
};

/** The placeholders templates may use, as written in templates. */
export const METRICS_PLACEHOLDERS: readonly string[] = [
  ...Object.keys(BRACED).map(name => `\${${name}}`),
  ...Object.keys(KEPTN).map(name => `$${name}`),
];

// `${name}`, `$NAME`, or a lone `$` (PromQL has no `$` of its own).
const PLACEHOLDER = /\$(?:\{([^}]*)\}?|([A-Za-z_][A-Za-z0-9_]*))?/g;

const DURATION = /^\d+(?:ms|s|m|h|d|w|y)$/;
const DURATION_UNIT_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/**
 * Escapes a value for a PromQL string literal in double quotes, so a `"`
 * or `\` in an entity name cannot end the label matcher early.
 */
export function escapePromQLString(value: string): string {
  return value.replace(/[\\"\n\r\t]/g, c => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${c}`;
    }
  });
}

function lookup(match: string, braced?: string, bare?: string): Key {
  if (braced !== undefined) {
    if (!match.endsWith('}')) {
      throw new MetricsTemplateError(
        `Unclosed placeholder '${match}'; placeholders are ${METRICS_PLACEHOLDERS.join(
          ', ',
        )}`,
      );
    }
    const key = BRACED[braced];
    if (key) return key;
  } else if (bare !== undefined) {
    const key = KEPTN[bare];
    if (key) return key;
  }
  throw new MetricsTemplateError(
    `Unknown placeholder '${match}'; placeholders are ${METRICS_PLACEHOLDERS.join(
      ', ',
    )}`,
  );
}

/** Throws a {@link MetricsTemplateError} naming the first unknown placeholder. */
export function assertMetricsTemplate(template: string): void {
  for (const m of template.matchAll(PLACEHOLDER)) {
    lookup(m[0], m[1], m[2]);
  }
}

/**
 * Fills a template's placeholders from the context. String values are
 * escaped for PromQL double-quoted strings, so write placeholders inside
 * `"..."` (not in single quotes or backticks). `${window}` is checked to be
 * a duration and inserted as is; `$DURATION_SECONDS` is the window in
 * seconds (`300s`), as Keptn's Prometheus service writes it.
 */
export function resolveMetricsTemplate(
  template: string,
  context: MetricsQueryContext,
): string {
  return template.replace(
    PLACEHOLDER,
    (match: string, braced?: string, bare?: string) => {
      const key = lookup(match, braced, bare);
      const value = context[key];
      if (value === undefined || value === null || value === '') {
        throw new MetricsTemplateError(
          `Placeholder '${match}' has no value: the query context has no ${key}`,
        );
      }
      if (key === 'window') {
        if (!DURATION.test(value)) {
          throw new MetricsTemplateError(
            `Placeholder '${match}': window '${value}' is not a duration like 5m, 1h or 30d`,
          );
        }
        if (bare === 'DURATION_SECONDS') return `${windowSeconds(value)}s`;
        return value;
      }
      return escapePromQLString(value);
    },
  );
}

function windowSeconds(window: string): number {
  const m = /^(\d+)(ms|s|m|h|d|w|y)$/.exec(window)!;
  if (m[2] === 'ms') return Math.max(1, Math.round(Number(m[1]) / 1000));
  return Number(m[1]) * DURATION_UNIT_SECONDS[m[2]];
}
