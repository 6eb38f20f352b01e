import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  releasesMetricsSourcesExtensionPoint,
  type MetricsSource,
} from '@releases-for-backstage/plugin-releases-node';
import { releasesModulePrometheus } from './module';
import { PrometheusMetricsSource } from './PrometheusMetricsSource';

async function start(data: object) {
  const added: MetricsSource[] = [];
  const logger = mockServices.logger.mock();
  const backend = await startTestBackend({
    extensionPoints: [
      [
        releasesMetricsSourcesExtensionPoint,
        { addMetricsSource: (...s: MetricsSource[]) => added.push(...s) },
      ],
    ],
    features: [
      releasesModulePrometheus,
      mockServices.rootConfig.factory({ data }),
      logger.factory,
    ],
  });
  return { added, logger, backend };
}

describe('releasesModulePrometheus', () => {
  it('adds nothing and logs nothing without releases.metrics.prometheus', async () => {
    const { added, logger, backend } = await start({});
    expect(added).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.info).not.toHaveBeenCalled();
    await backend.stop();
  });

  it('adds the prometheus source and logs its URL, never the headers', async () => {
    const { added, logger, backend } = await start({
      releases: {
        metrics: {
          prometheus: {
            baseUrl: 'http://ann:pw@prometheus:9090',
            headers: { Authorization: 'Bearer t0k3n' },
          },
        },
      },
    });
    expect(added).toHaveLength(1);
    expect(added[0]).toBeInstanceOf(PrometheusMetricsSource);
    expect(added[0].id).toBe('prometheus');
    expect(logger.info).toHaveBeenCalledWith(
      "Metrics source 'prometheus' reads http://prometheus:9090",
    );
    const logged = JSON.stringify(logger.info.mock.calls);
    expect(logged).not.toContain('t0k3n');
    expect(logged).not.toContain('pw');
    await backend.stop();
  });

  it('fails startup on a bad template, naming the key', async () => {
    await expect(
      start({
        releases: {
          metrics: {
            prometheus: {
              baseUrl: 'http://prometheus:9090',
              queries: { latency: 'x{a="${tema}"}' },
            },
          },
        },
      }),
    ).rejects.toThrow(
      "releases.metrics.prometheus.queries.latency: Unknown placeholder '${tema}'",
    );
  });
});
