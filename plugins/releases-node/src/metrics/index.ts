export type {
  MetricOutcome,
  MetricPoint,
  MetricRange,
  MetricRangeOutcome,
  MetricsIndicator,
  MetricsQueryContext,
  MetricsSource,
  NoDataReason,
  QueryIndicator,
  RatioIndicator,
} from './metrics-source';
export { isQueryIndicator, isRatioIndicator } from './metrics-source';
export { releasesMetricsSourcesExtensionPoint } from './extensions';
export type { ReleasesMetricsSourcesExtensionPoint } from './extensions';
export {
  METRICS_PLACEHOLDERS,
  MetricsTemplateError,
  assertMetricsTemplate,
  escapePromQLString,
  resolveMetricsTemplate,
} from './templates';
export { KeptnSliError, parseKeptnSli } from './keptnSli';
export { toSliValues } from './toSliValues';
export type { SliValue } from './toSliValues';
export { measureBurnRates } from './measureBurnRates';
export type {
  BurnRateMeasurement,
  MeasureBurnRatesOptions,
} from './measureBurnRates';
