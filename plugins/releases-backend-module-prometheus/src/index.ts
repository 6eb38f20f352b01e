/*
 * Prometheus as a metrics source of Releases for Backstage.
 */
export { releasesModulePrometheus as default } from './module';
export {
  PrometheusMetricsSource,
  UnknownIndicatorError,
} from './PrometheusMetricsSource';
export type { PrometheusMetricsSourceOptions } from './PrometheusMetricsSource';
export { readPrometheusConfig } from './config';
