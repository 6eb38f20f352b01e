import { KeptnSliError, parseKeptnSli } from './keptnSli';

describe('parseKeptnSli', () => {
  it("reads Keptn's sli.yaml into indicators, in file order", () => {
    const text = [
      '---',
      "spec_version: '1.0'",
      'indicators:',
      '  throughput: "sum(rate(http_requests_total{service=\\"$SERVICE\\",env=\\"$STAGE\\"}[$DURATION_SECONDS]))"',
      '  error_rate: sum(rate(http_requests_total{service="$SERVICE",code=~"5.."}[5m]))',
      '  response_time_p95: >-',
      '    histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="$SERVICE"}[$DURATION_SECONDS])))',
    ].join('\n');
    expect(parseKeptnSli(text)).toEqual([
      {
        metric: 'throughput',
        query:
          'sum(rate(http_requests_total{service="$SERVICE",env="$STAGE"}[$DURATION_SECONDS]))',
      },
      {
        metric: 'error_rate',
        query:
          'sum(rate(http_requests_total{service="$SERVICE",code=~"5.."}[5m]))',
      },
      {
        metric: 'response_time_p95',
        query:
          'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="$SERVICE"}[$DURATION_SECONDS])))',
      },
    ]);
  });

  it.each([
    ['spec_version: [', 'sli.yaml is not valid YAML'],
    ['- a', 'sli.yaml must be a mapping with spec_version and indicators'],
    ['indicators: {a: x}', "sli.yaml has no spec_version (expected '1.0')"],
    [
      "spec_version: '0.1.0'\nindicators: {a: x}",
      "sli.yaml has spec_version '0.1.0'; only '1.0' is supported",
    ],
    [
      "spec_version: '1.0'",
      'sli.yaml: indicators must be a map of indicator name to query',
    ],
    [
      "spec_version: '1.0'\nindicators: [x]",
      'sli.yaml: indicators must be a map of indicator name to query',
    ],
    [
      "spec_version: '1.0'\nindicators:\n  a: 3",
      "sli.yaml: indicator 'a' must be a non-empty query string",
    ],
    [
      "spec_version: '1.0'\nindicators:\n  a: ''",
      "sli.yaml: indicator 'a' must be a non-empty query string",
    ],
    [
      'spec_version: \'1.0\'\nindicators:\n  a: x{s="$SERVIC"}',
      "sli.yaml: indicator 'a': Unknown placeholder '$SERVIC'",
    ],
  ])('rejects %j: %s', (text, message) => {
    expect(() => parseKeptnSli(text)).toThrow(KeptnSliError);
    expect(() => parseKeptnSli(text)).toThrow(message);
  });

  it('names the file in errors', () => {
    expect(() => parseKeptnSli('a: 1', 'keptn/prod/sli.yaml')).toThrow(
      "keptn/prod/sli.yaml has no spec_version (expected '1.0')",
    );
  });
});
