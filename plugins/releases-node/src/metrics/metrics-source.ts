/*
 * What the releases backend asks of a metrics source (Prometheus, Datadog,
 * ...): values of service level indicators for one entity in one
 * environment, with "no data" and "source down" as outcomes of their own.
 */

/** Where and when to measure; fills the placeholders of query templates. */
export interface MetricsQueryContext {
  /** `component:default/cart`; `${entityRef}`. */
  entityRef: string;
  /** `cart`; `${entity}` and Keptn's `$SERVICE`. */
  entityName: string;
  /** The entity's system; `${system}` and Keptn's `$PROJECT`. */
  system?: string;
  /** `${environment}` and Keptn's `$STAGE`. */
  environment: string;
  /** The version under evaluation; `${version}` and Keptn's `$DEPLOYMENT`. */
  version?: string;
  /** The entity's namespace (or the Kubernetes namespace); `${namespace}`. */
  namespace?: string;
  /** Evaluation time of instant queries. Default: now. */
  at?: Date;
  /**
   * A duration such as `5m`, `1h` or `30d` for range selectors; `${window}`
   * and, in seconds, Keptn's `$DURATION_SECONDS`.
   */
  window?: string;
}

/** One query template giving the indicator's value. */
export interface QueryIndicator {
  metric: string;
  query: string;
}

/** The indicator is good / total; a total of 0 is no data. */
export interface RatioIndicator {
  metric: string;
  good: string;
  total: string;
}

/**
 * An indicator with its templates, or only its name: the source then uses
 * the template it was configured with under that name.
 */
export type MetricsIndicator =
  | QueryIndicator
  | RatioIndicator
  | { metric: string };

/** Why a source has no value. */
export type NoDataReason =
  | 'empty' // no series matched
  | 'nan' // the value is NaN or infinite
  | 'several-series' // the query matched more than one series
  | 'zero-total' // a ratio's total is 0
  | 'not-a-number'; // the result is no single number (a range vector, a string)

/** A value, no data, or an unreachable source. */
export type MetricOutcome =
  | {
      metric: string;
      status: 'value';
      value: number;
      /** The query as sent, placeholders resolved. */
      query: string;
      /** The value as the source wrote it (`"0.25"`; `"3/12"` for a ratio). */
      raw: string;
      at: Date;
    }
  | {
      metric: string;
      status: 'no-data';
      reason: NoDataReason;
      query: string;
      message: string;
    }
  | {
      metric: string;
      status: 'source-down';
      query: string;
      message: string;
    };

/** A point of a range query. */
export interface MetricPoint {
  at: Date;
  value: number;
}

/** Points over time, or why there are none. */
export type MetricRangeOutcome =
  | {
      metric: string;
      status: 'points';
      query: string;
      points: MetricPoint[];
    }
  | Exclude<MetricOutcome, { status: 'value' }>;

/** Range of a chart. */
export interface MetricRange {
  start: Date;
  end: Date;
  /** Seconds between points. */
  step: number;
}

/**
 * A metrics source. `query` never throws for a source problem: an
 * unreachable or failing source is a `source-down` outcome. It throws
 * only for a mistake in the request (an unknown placeholder or indicator).
 */
export interface MetricsSource {
  /** Unique among the sources, e.g. `prometheus`. */
  readonly id: string;
  /** Instant values, one outcome per indicator, in the same order. */
  query(
    context: MetricsQueryContext,
    indicators: MetricsIndicator[],
  ): Promise<MetricOutcome[]>;
  /** Values over time, for charts. */
  queryRange(
    context: MetricsQueryContext,
    indicator: MetricsIndicator,
    range: MetricRange,
  ): Promise<MetricRangeOutcome>;
}

/** True when the indicator is good / total. */
export function isRatioIndicator(
  indicator: MetricsIndicator,
): indicator is RatioIndicator {
  return 'good' in indicator && 'total' in indicator;
}

/** True when the indicator carries one query template. */
export function isQueryIndicator(
  indicator: MetricsIndicator,
): indicator is QueryIndicator {
  return 'query' in indicator;
}
