import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { releasesMetricsSourcesExtensionPoint } from '@releases-for-backstage/plugin-releases-node';
import { readPrometheusConfig } from './config';
import { PrometheusMetricsSource, redact } from './PrometheusMetricsSource';

/**
 * Adds Prometheus as the metrics source `prometheus` when
 * `releases.metrics.prometheus` is configured; does nothing otherwise.
 *
 * @public
 */
export const releasesModulePrometheus = createBackendModule({
  pluginId: 'releases',
  moduleId: 'prometheus',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        metricsSources: releasesMetricsSourcesExtensionPoint,
      },
      async init({ config, logger, metricsSources }) {
        const options = readPrometheusConfig(config);
        if (!options) return;
        metricsSources.addMetricsSource(new PrometheusMetricsSource(options));
        // The URL without credentials; headers are never logged.
        logger.info(
          `Metrics source 'prometheus' reads ${redact(options.baseUrl)}`,
        );
      },
    });
  },
});
