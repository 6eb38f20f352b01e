import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { MetricsSource } from './metrics-source';

/** Lets backend modules add metrics sources. */
export interface ReleasesMetricsSourcesExtensionPoint {
  addMetricsSource(...sources: MetricsSource[]): void;
}

/**
 * Extension point `releases.metricsSources`: where SLO evaluations read
 * indicator values. Source ids must be unique.
 *
 * @public
 */
export const releasesMetricsSourcesExtensionPoint =
  createExtensionPoint<ReleasesMetricsSourcesExtensionPoint>({
    id: 'releases.metricsSources',
  });
