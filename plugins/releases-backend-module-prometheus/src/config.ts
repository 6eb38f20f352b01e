import type { Config } from '@backstage/config';
import {
  assertMetricsTemplate,
  type QueryIndicator,
  type RatioIndicator,
} from '@releases-for-backstage/plugin-releases-node';
import type { PrometheusMetricsSourceOptions } from './PrometheusMetricsSource';

const KEY = 'releases.metrics.prometheus';

/**
 * Reads `releases.metrics.prometheus`; `undefined` when the section is
 * absent. Throws naming the key for a bad URL, timeout or template.
 */
export function readPrometheusConfig(
  config: Config,
): PrometheusMetricsSourceOptions | undefined {
  const section = config.getOptionalConfig(KEY);
  if (!section) return undefined;

  const baseUrl = section.getString('baseUrl');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`${KEY}.baseUrl must be a URL, got '${baseUrl}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${KEY}.baseUrl must be an http or https URL`);
  }

  const headers: Record<string, string> = {};
  const headerSection = section.getOptionalConfig('headers');
  for (const name of headerSection?.keys() ?? []) {
    headers[name] = headerSection!.getString(name);
  }

  const timeout = section.getOptionalNumber('timeout') ?? 10;
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new Error(
      `${KEY}.timeout must be a positive number of seconds, got ${timeout}`,
    );
  }

  const queries: Record<string, QueryIndicator | RatioIndicator> = {};
  const querySection = section.getOptionalConfig('queries');
  for (const metric of querySection?.keys() ?? []) {
    const key = `${KEY}.queries.${metric}`;
    const value = querySection!.get(metric);
    let indicator: QueryIndicator | RatioIndicator;
    if (typeof value === 'string') {
      indicator = { metric, query: value };
    } else {
      const ratio = querySection!.getConfig(metric);
      const good = ratio.getOptionalString('good');
      const total = ratio.getOptionalString('total');
      if (!good || !total) {
        throw new Error(
          `${key} must be a PromQL template, or good and total templates`,
        );
      }
      indicator = { metric, good, total };
    }
    for (const template of 'query' in indicator
      ? [indicator.query]
      : [indicator.good, indicator.total]) {
      try {
        assertMetricsTemplate(template);
      } catch (e) {
        throw new Error(`${key}: ${(e as Error).message}`);
      }
    }
    queries[metric] = indicator;
  }

  return { baseUrl, headers, timeoutMs: timeout * 1000, queries };
}
