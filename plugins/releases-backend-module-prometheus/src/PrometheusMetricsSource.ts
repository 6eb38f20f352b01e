import {
  isQueryIndicator,
  isRatioIndicator,
  measureBurnRates,
  resolveMetricsTemplate,
  type BurnRateMeasurement,
  type MeasureBurnRatesOptions,
  type MetricOutcome,
  type MetricRange,
  type MetricRangeOutcome,
  type MetricsIndicator,
  type MetricsQueryContext,
  type MetricsSource,
  type NoDataReason,
  type QueryIndicator,
  type RatioIndicator,
} from '@releases-for-backstage/plugin-releases-node';

/** Options of {@link PrometheusMetricsSource}. */
export interface PrometheusMetricsSourceOptions {
  /** Base URL of the HTTP API, e.g. `http://prometheus:9090` (a path prefix is kept). */
  baseUrl: string;
  /** Sent with every request (e.g. `Authorization`); never in messages. */
  headers?: Record<string, string>;
  /** Per request. Default: 10 000. */
  timeoutMs?: number;
  /** Templates for indicators given by name only. */
  queries?: Record<string, QueryIndicator | RatioIndicator>;
  /** Default: `prometheus`. */
  id?: string;
}

/** An indicator named by the caller but not configured. */
export class UnknownIndicatorError extends Error {
  constructor(metric: string, known: string[]) {
    super(
      `No Prometheus query is configured for indicator '${metric}'; configured: ${
        known.length ? known.map(k => `'${k}'`).join(', ') : 'none'
      }`,
    );
    this.name = 'UnknownIndicatorError';
  }
}

type Sample = [number, string];

/** What one HTTP call gave: data, or why it gave none. */
type ApiResult =
  | { ok: true; resultType: string; result: unknown }
  | { ok: false; message: string };

type Measured =
  | { status: 'value'; value: number; raw: string; at: Date }
  | { status: 'no-data'; reason: NoDataReason; message: string }
  | { status: 'source-down'; message: string };

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Reads indicators from the Prometheus HTTP API (`/api/v1/query`,
 * `/api/v1/query_range`, form-encoded POST).
 *
 * - a vector with one sample, or a scalar: a value;
 * - an empty vector: `no-data` (`empty`); NaN or ±Inf: `no-data` (`nan`);
 * - several series: `no-data` (`several-series`) naming the count. Picking
 *   one would judge a release on an arbitrary series; the source is up, the
 *   query needs an aggregation (`sum`, `avg`, `max`);
 * - HTTP errors, timeouts, refused connections, a body that is not JSON or
 *   `status: "error"`: `source-down` with the reason.
 *
 * A ratio indicator runs `good` and `total` as two queries at the same time,
 * so a total of 0 is told apart (`no-data`, `zero-total`); its outcome's
 * query is `(good) / (total)` and its raw value `good/total` as returned.
 */
export class PrometheusMetricsSource implements MetricsSource {
  readonly id: string;
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #queries: Record<string, QueryIndicator | RatioIndicator>;

  constructor(options: PrometheusMetricsSourceOptions) {
    this.id = options.id ?? 'prometheus';
    const url = new URL(options.baseUrl);
    this.#headers = { ...options.headers };
    // fetch refuses URLs with credentials: send them as basic auth instead.
    if (url.username || url.password) {
      const hasAuthorization = Object.keys(this.#headers).some(
        h => h.toLowerCase() === 'authorization',
      );
      if (!hasAuthorization) {
        const user = decodeURIComponent(url.username);
        const password = decodeURIComponent(url.password);
        this.#headers.Authorization = `Basic ${Buffer.from(
          `${user}:${password}`,
        ).toString('base64')}`;
      }
      url.username = '';
      url.password = '';
    }
    this.#base = url.toString().replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#queries = options.queries ?? {};
  }

  /** The configured indicators, by name. */
  get indicators(): Array<QueryIndicator | RatioIndicator> {
    return Object.values(this.#queries);
  }

  async query(
    context: MetricsQueryContext,
    indicators: MetricsIndicator[],
  ): Promise<MetricOutcome[]> {
    const at = context.at ?? new Date();
    // Resolve every template first: a mistake throws before any request.
    const resolved = indicators.map(i => this.#resolve(i, context));
    return Promise.all(
      resolved.map(async (r): Promise<MetricOutcome> => {
        if (r.kind === 'query') {
          const measured = await this.#instant(r.query, at);
          return withQuery(r.metric, r.query, measured);
        }
        const query = `(${r.good}) / (${r.total})`;
        const [good, total] = await Promise.all([
          this.#instant(r.good, at),
          this.#instant(r.total, at),
        ]);
        return withQuery(r.metric, query, ratio(good, total));
      }),
    );
  }

  async queryRange(
    context: MetricsQueryContext,
    indicator: MetricsIndicator,
    range: MetricRange,
  ): Promise<MetricRangeOutcome> {
    if (!(range.step > 0) || !(range.end.getTime() >= range.start.getTime())) {
      throw new RangeError(
        'queryRange needs start <= end and a step of more than 0 seconds',
      );
    }
    const r = this.#resolve(indicator, context);
    const query = r.kind === 'query' ? r.query : `(${r.good}) / (${r.total})`;
    const metric = r.metric;
    const api = await this.#call('/api/v1/query_range', {
      query,
      start: seconds(range.start),
      end: seconds(range.end),
      step: String(range.step),
    });
    if (!api.ok)
      return { metric, status: 'source-down', query, message: api.message };
    if (api.resultType !== 'matrix' || !Array.isArray(api.result)) {
      return noData(
        metric,
        query,
        'not-a-number',
        `result type ${api.resultType}, expected a matrix`,
      );
    }
    const series = api.result as Array<{ values?: Sample[] }>;
    if (series.length === 0) {
      return noData(metric, query, 'empty', 'no series matched the query');
    }
    if (series.length > 1) {
      return noData(
        metric,
        query,
        'several-series',
        severalSeries(series.length),
      );
    }
    const points = (series[0].values ?? [])
      .map(([t, v]) => ({ at: new Date(t * 1000), value: Number(v) }))
      // 0/0 and gaps come back as NaN: a missing point, not a zero.
      .filter(p => Number.isFinite(p.value));
    if (points.length === 0) {
      return noData(
        metric,
        query,
        'nan',
        'every point of the series is NaN or infinite',
      );
    }
    return { metric, status: 'points', query, points };
  }

  /**
   * Error ratios of a good/total indicator over every burn-rate window, the
   * alert state and the remaining budget, from this Prometheus.
   */
  burnRates(
    context: MetricsQueryContext,
    indicator: MetricsIndicator,
    options: MeasureBurnRatesOptions,
  ): Promise<BurnRateMeasurement> {
    return measureBurnRates(this, context, indicator, options);
  }

  #resolve(
    indicator: MetricsIndicator,
    context: MetricsQueryContext,
  ):
    | { kind: 'query'; metric: string; query: string }
    | { kind: 'ratio'; metric: string; good: string; total: string } {
    let full: MetricsIndicator = indicator;
    if (!isQueryIndicator(indicator) && !isRatioIndicator(indicator)) {
      const configured = this.#queries[indicator.metric];
      if (!configured) {
        throw new UnknownIndicatorError(
          indicator.metric,
          Object.keys(this.#queries),
        );
      }
      full = configured;
    }
    const metric = indicator.metric;
    if (isRatioIndicator(full)) {
      return {
        kind: 'ratio',
        metric,
        good: resolveMetricsTemplate(full.good, context),
        total: resolveMetricsTemplate(full.total, context),
      };
    }
    return {
      kind: 'query',
      metric,
      query: resolveMetricsTemplate((full as QueryIndicator).query, context),
    };
  }

  async #instant(query: string, at: Date): Promise<Measured> {
    const api = await this.#call('/api/v1/query', { query, time: seconds(at) });
    if (!api.ok) return { status: 'source-down', message: api.message };
    let sample: Sample;
    if (api.resultType === 'scalar') {
      sample = api.result as Sample;
    } else if (api.resultType === 'vector' && Array.isArray(api.result)) {
      const series = api.result as Array<{ value: Sample }>;
      if (series.length === 0) {
        return {
          status: 'no-data',
          reason: 'empty',
          message: 'no series matched the query',
        };
      }
      if (series.length > 1) {
        return {
          status: 'no-data',
          reason: 'several-series',
          message: severalSeries(series.length),
        };
      }
      sample = series[0].value;
    } else {
      return {
        status: 'no-data',
        reason: 'not-a-number',
        message: `result type ${api.resultType}, expected a vector or a scalar`,
      };
    }
    if (!Array.isArray(sample) || typeof sample[1] !== 'string') {
      return {
        status: 'source-down',
        message: 'malformed sample in the response',
      };
    }
    const [t, raw] = sample;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      return {
        status: 'no-data',
        reason: 'nan',
        message: `the value is ${raw}`,
      };
    }
    return { status: 'value', value, raw, at: new Date(t * 1000) };
  }

  async #call(
    path: string,
    params: Record<string, string>,
  ): Promise<ApiResult> {
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}`, {
        method: 'POST',
        headers: {
          ...this.#headers,
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      return { ok: false, message: this.#describeFetchError(error) };
    }
    const text = await response.text().catch(() => '');
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      const status = response.ok ? '' : `HTTP ${httpStatus(response)}: `;
      return {
        ok: false,
        message: `${status}the response is not JSON (${
          response.headers.get('content-type') ?? 'no content type'
        }): ${snippet(text)}`,
      };
    }
    if (body?.status === 'error' || !response.ok) {
      const detail =
        body?.status === 'error'
          ? `${body.errorType ?? 'error'}: ${body.error ?? 'no message'}`
          : snippet(text);
      return {
        ok: false,
        message: response.ok
          ? `Prometheus answered ${detail}`
          : `HTTP ${httpStatus(response)}: ${detail}`,
      };
    }
    if (
      body?.status !== 'success' ||
      typeof body.data?.resultType !== 'string'
    ) {
      return { ok: false, message: `unexpected response: ${snippet(text)}` };
    }
    return {
      ok: true,
      resultType: body.data.resultType,
      result: body.data.result,
    };
  }

  #describeFetchError(error: unknown): string {
    const where = redact(this.#base);
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return `no answer from ${where} within ${this.#timeoutMs / 1000}s`;
    }
    const cause =
      e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
    return `cannot reach ${where}: ${cause}`;
  }
}

function withQuery(metric: string, query: string, m: Measured): MetricOutcome {
  if (m.status === 'value') {
    return {
      metric,
      status: 'value',
      value: m.value,
      query,
      raw: m.raw,
      at: m.at,
    };
  }
  if (m.status === 'no-data') return noData(metric, query, m.reason, m.message);
  return { metric, status: 'source-down', query, message: m.message };
}

function ratio(good: Measured, total: Measured): Measured {
  for (const [name, m] of [
    ['good', good],
    ['total', total],
  ] as const) {
    if (m.status === 'source-down')
      return { ...m, message: `${name} query: ${m.message}` };
  }
  for (const [name, m] of [
    ['good', good],
    ['total', total],
  ] as const) {
    if (m.status === 'no-data')
      return { ...m, message: `${name} query: ${m.message}` };
  }
  const g = good as Extract<Measured, { status: 'value' }>;
  const t = total as Extract<Measured, { status: 'value' }>;
  if (t.value === 0) {
    return {
      status: 'no-data',
      reason: 'zero-total',
      message: `the total is 0 (good ${g.raw}): no events to judge`,
    };
  }
  return {
    status: 'value',
    value: g.value / t.value,
    raw: `${g.raw}/${t.raw}`,
    at: t.at,
  };
}

function noData(
  metric: string,
  query: string,
  reason: NoDataReason,
  message: string,
): Extract<MetricOutcome, { status: 'no-data' }> {
  return { metric, status: 'no-data', reason, query, message };
}

function severalSeries(count: number): string {
  return `the query returned ${count} series, expected exactly one; aggregate it (sum, avg, max)`;
}

function seconds(date: Date): string {
  return String(date.getTime() / 1000);
}

function httpStatus(response: Response): string {
  return `${response.status}${
    response.statusText ? ` ${response.statusText}` : ''
  }`;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return '(empty body)';
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** The URL without credentials in it, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '(invalid URL)';
  }
}
