import { ConfigReader } from '@backstage/config';
import { readPrometheusConfig } from './config';

const read = (prometheus: unknown) =>
  readPrometheusConfig(
    new ConfigReader({ releases: { metrics: { prometheus } } } as any),
  );

describe('readPrometheusConfig', () => {
  it('is undefined without the section', () => {
    expect(readPrometheusConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      readPrometheusConfig(new ConfigReader({ releases: { metrics: {} } })),
    ).toBeUndefined();
  });

  it('reads URL, headers, timeout and named queries', () => {
    expect(
      read({
        baseUrl: 'https://prometheus.example.com',
        headers: { Authorization: 'Bearer t0k3n' },
        timeout: 2.5,
        queries: {
          error_rate: 'sum(rate(x{s="${entity}",code=~"5.."}[${window}]))',
          availability: { good: 'g{s="$SERVICE"}', total: 't{s="$SERVICE"}' },
        },
      }),
    ).toEqual({
      baseUrl: 'https://prometheus.example.com',
      headers: { Authorization: 'Bearer t0k3n' },
      timeoutMs: 2500,
      queries: {
        error_rate: {
          metric: 'error_rate',
          query: 'sum(rate(x{s="${entity}",code=~"5.."}[${window}]))',
        },
        availability: {
          metric: 'availability',
          good: 'g{s="$SERVICE"}',
          total: 't{s="$SERVICE"}',
        },
      },
    });
  });

  it('defaults the timeout to 10 seconds', () => {
    expect(read({ baseUrl: 'http://p:9090' })).toMatchObject({
      timeoutMs: 10000,
      headers: {},
      queries: {},
    });
  });

  it.each([
    [
      {},
      "Missing required config value at 'releases.metrics.prometheus.baseUrl'",
    ],
    [
      { baseUrl: 'prometheus:9090x' },
      'releases.metrics.prometheus.baseUrl must be an http or https URL',
    ],
    [
      { baseUrl: 'not a url' },
      "releases.metrics.prometheus.baseUrl must be a URL, got 'not a url'",
    ],
    [
      { baseUrl: 'http://p', timeout: 0 },
      'releases.metrics.prometheus.timeout must be a positive number of seconds, got 0',
    ],
    [
      { baseUrl: 'http://p', queries: { a: 'x{t="${team}"}' } },
      "releases.metrics.prometheus.queries.a: Unknown placeholder '${team}'",
    ],
    [
      { baseUrl: 'http://p', queries: { a: { good: 'g' } } },
      'releases.metrics.prometheus.queries.a must be a PromQL template, or good and total templates',
    ],
    [
      { baseUrl: 'http://p', queries: { a: { good: 'g', total: '$NOPE' } } },
      "releases.metrics.prometheus.queries.a: Unknown placeholder '$NOPE'",
    ],
  ])('rejects %j', (section, message) => {
    expect(() => read(section)).toThrow(message);
  });
});
