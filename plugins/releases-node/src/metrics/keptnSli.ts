import { parse } from 'yaml';
import type { QueryIndicator } from './metrics-source';
import { assertMetricsTemplate, MetricsTemplateError } from './templates';

/** An sli.yaml that is not Keptn's format; the message says what is wrong. */
export class KeptnSliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeptnSliError';
  }
}

/**
 * Parses Keptn's `sli.yaml` (`spec_version: '1.0'`, `indicators:` a map of
 * indicator name to query) into indicators, in file order. Queries may use
 * `$SERVICE`, `$STAGE`, `$PROJECT`, `$DEPLOYMENT`, `$DURATION_SECONDS` and
 * the `${...}` placeholders.
 */
export function parseKeptnSli(
  text: string,
  file = 'sli.yaml',
): QueryIndicator[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new KeptnSliError(
      `${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new KeptnSliError(
      `${file} must be a mapping with spec_version and indicators`,
    );
  }
  const { spec_version: specVersion, indicators } = doc as Record<
    string,
    unknown
  >;
  if (specVersion === undefined) {
    throw new KeptnSliError(`${file} has no spec_version (expected '1.0')`);
  }
  if (String(specVersion) !== '1.0') {
    throw new KeptnSliError(
      `${file} has spec_version '${String(
        specVersion,
      )}'; only '1.0' is supported`,
    );
  }
  if (
    !indicators ||
    typeof indicators !== 'object' ||
    Array.isArray(indicators)
  ) {
    throw new KeptnSliError(
      `${file}: indicators must be a map of indicator name to query`,
    );
  }
  return Object.entries(indicators as Record<string, unknown>).map(
    ([metric, query]) => {
      if (typeof query !== 'string' || query.trim() === '') {
        throw new KeptnSliError(
          `${file}: indicator '${metric}' must be a non-empty query string`,
        );
      }
      try {
        assertMetricsTemplate(query);
      } catch (e) {
        if (e instanceof MetricsTemplateError) {
          throw new KeptnSliError(
            `${file}: indicator '${metric}': ${e.message}`,
          );
        }
        throw e;
      }
      return { metric, query: query.trim() };
    },
  );
}
