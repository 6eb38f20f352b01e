import { createServer } from 'node:net';
import { delay, http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import type { MetricsQueryContext } from '@releases-for-backstage/plugin-releases-node';
import {
  PrometheusMetricsSource,
  UnknownIndicatorError,
} from './PrometheusMetricsSource';

const BASE = 'http://prometheus.test:9090/prom';
const QUERY_URL = `${BASE}/api/v1/query`;
const RANGE_URL = `${BASE}/api/v1/query_range`;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const at = new Date('2026-03-01T12:00:00Z');
const T = at.getTime() / 1000;
const context: MetricsQueryContext = {
  entityRef: 'component:default/cart',
  entityName: 'cart',
  environment: 'prod',
  at,
  window: '5m',
};

interface Seen {
  params: Record<string, string>;
  headers: Headers;
  method: string;
}

/** Answers the query endpoint with `answer(query)` and records requests. */
function prometheus(
  answer: (query: string) => Response | Promise<Response>,
  url = QUERY_URL,
): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.post(url, async ({ request }) => {
      const params = Object.fromEntries(
        new URLSearchParams(await request.text()),
      );
      seen.push({ params, headers: request.headers, method: request.method });
      return answer(params.query);
    }),
  );
  return seen;
}

const vector = (...values: string[]) =>
  HttpResponse.json({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map((v, i) => ({
        metric: { code: String(200 + i) },
        value: [T, v],
      })),
    },
  });

const source = (
  options: Partial<
    ConstructorParameters<typeof PrometheusMetricsSource>[0]
  > = {},
) => new PrometheusMetricsSource({ baseUrl: `${BASE}/`, ...options });

const errors = {
  metric: 'error_rate',
  query:
    'sum(rate(http_requests_total{service="${entity}",env="${environment}",code=~"5.."}[${window}]))',
};
const RESOLVED =
  'sum(rate(http_requests_total{service="cart",env="prod",code=~"5.."}[5m]))';

describe('PrometheusMetricsSource.query', () => {
  it('sends the resolved query, the time and the headers; one sample is a value', async () => {
    const seen = prometheus(() => vector('0.0125'));
    const [outcome] = await source({
      headers: { Authorization: 'Bearer s3cret' },
    }).query(context, [errors]);
    expect(outcome).toEqual({
      metric: 'error_rate',
      status: 'value',
      value: 0.0125,
      raw: '0.0125',
      query: RESOLVED,
      at,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].params).toEqual({ query: RESOLVED, time: String(T) });
    expect(seen[0].headers.get('authorization')).toBe('Bearer s3cret');
    expect(seen[0].headers.get('content-type')).toBe(
      'application/x-www-form-urlencoded',
    );
  });

  it('sends an escaped entity name inside the label matcher', async () => {
    const seen = prometheus(() => vector('1'));
    await source().query({ ...context, entityName: 'a"b\\c' }, [errors]);
    expect(seen[0].params.query).toBe(
      'sum(rate(http_requests_total{service="a\\"b\\\\c",env="prod",code=~"5.."}[5m]))',
    );
  });

  it('an empty vector is no-data (empty)', async () => {
    prometheus(() => vector());
    expect(await source().query(context, [errors])).toEqual([
      {
        metric: 'error_rate',
        status: 'no-data',
        reason: 'empty',
        query: RESOLVED,
        message: 'no series matched the query',
      },
    ]);
  });

  it('NaN is no-data (nan), and so is +Inf', async () => {
    prometheus(q => (q.includes('inf') ? vector('+Inf') : vector('NaN')));
    const [nan, inf] = await source().query(context, [
      errors,
      { metric: 'inf', query: 'inf' },
    ]);
    expect(nan).toMatchObject({
      status: 'no-data',
      reason: 'nan',
      message: 'the value is NaN',
    });
    expect(inf).toMatchObject({
      status: 'no-data',
      reason: 'nan',
      message: 'the value is +Inf',
    });
  });

  it('several series are no-data naming the count, not one picked', async () => {
    prometheus(() => vector('1', '2', '3'));
    const [outcome] = await source().query(context, [errors]);
    expect(outcome).toMatchObject({
      status: 'no-data',
      reason: 'several-series',
      query: RESOLVED,
      message:
        'the query returned 3 series, expected exactly one; aggregate it (sum, avg, max)',
    });
    expect(outcome).not.toHaveProperty('value');
  });

  it('a scalar is a value', async () => {
    prometheus(() =>
      HttpResponse.json({
        status: 'success',
        data: { resultType: 'scalar', result: [T, '42'] },
      }),
    );
    const [outcome] = await source().query(context, [
      { metric: 'answer', query: 'scalar(vector(42))' },
    ]);
    expect(outcome).toMatchObject({ status: 'value', value: 42, raw: '42' });
  });

  it('a range vector result is no-data (not-a-number)', async () => {
    prometheus(() =>
      HttpResponse.json({
        status: 'success',
        data: { resultType: 'matrix', result: [] },
      }),
    );
    const [outcome] = await source().query(context, [
      { metric: 'm', query: 'x[5m]' },
    ]);
    expect(outcome).toMatchObject({
      status: 'no-data',
      reason: 'not-a-number',
      message: 'result type matrix, expected a vector or a scalar',
    });
  });

  it('HTTP 500 is source-down with the status and body', async () => {
    prometheus(
      () =>
        new HttpResponse('upstream exploded', {
          status: 500,
          statusText: 'Internal Server Error',
        }),
    );
    const [outcome] = await source().query(context, [errors]);
    expect(outcome).toEqual({
      metric: 'error_rate',
      status: 'source-down',
      query: RESOLVED,
      message:
        'HTTP 500 Internal Server Error: the response is not JSON (text/plain;charset=UTF-8): upstream exploded',
    });
  });

  it('status error is source-down with errorType and error', async () => {
    prometheus(() =>
      HttpResponse.json(
        {
          status: 'error',
          errorType: 'bad_data',
          error: '1:5: parse error: unexpected character',
        },
        { status: 400, statusText: 'Bad Request' },
      ),
    );
    const [outcome] = await source().query(context, [errors]);
    expect(outcome).toMatchObject({
      status: 'source-down',
      message:
        'HTTP 400 Bad Request: bad_data: 1:5: parse error: unexpected character',
    });
  });

  it('status error with HTTP 200 is source-down too', async () => {
    prometheus(() =>
      HttpResponse.json({
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out in expression evaluation',
      }),
    );
    const [outcome] = await source().query(context, [errors]);
    expect(outcome).toMatchObject({
      status: 'source-down',
      message:
        'Prometheus answered timeout: query timed out in expression evaluation',
    });
  });

  it('a body that is not JSON is source-down', async () => {
    prometheus(() => HttpResponse.html('<html><body>Sign in</body></html>'));
    const [outcome] = await source().query(context, [errors]);
    expect(outcome).toMatchObject({
      status: 'source-down',
      message:
        'the response is not JSON (text/html): <html><body>Sign in</body></html>',
    });
  });

  it('a timeout is source-down naming the limit', async () => {
    prometheus(async () => {
      await delay(2000);
      return vector('1');
    });
    const started = Date.now();
    const [outcome] = await source({ timeoutMs: 100 }).query(context, [errors]);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(outcome).toMatchObject({
      status: 'source-down',
      message: 'no answer from http://prometheus.test:9090/prom within 0.1s',
    });
  });

  it('a refused connection is source-down, without credentials in the message', async () => {
    const port = await closedPort();
    const base = `http://user:pw@127.0.0.1:${port}`;
    let authorization: string | null = null;
    server.use(
      http.post(`http://127.0.0.1:${port}/api/v1/query`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return passthrough();
      }),
    );
    const [outcome] = await new PrometheusMetricsSource({
      baseUrl: base,
    }).query(context, [errors]);
    expect(outcome).toMatchObject({
      status: 'source-down',
      query: RESOLVED,
      message: `cannot reach http://127.0.0.1:${port}: ECONNREFUSED`,
    });
    // Credentials in the URL travel as basic auth (fetch refuses them in URLs).
    expect(authorization).toBe(`Basic ${btoa('user:pw')}`);
  });

  describe('ratio indicators', () => {
    const availability = {
      metric: 'availability',
      good: 'sum(rate(http_requests_total{service="${entity}",code!~"5.."}[${window}]))',
      total: 'sum(rate(http_requests_total{service="${entity}"}[${window}]))',
    };
    const GOOD =
      'sum(rate(http_requests_total{service="cart",code!~"5.."}[5m]))';
    const TOTAL = 'sum(rate(http_requests_total{service="cart"}[5m]))';

    it('divides good by total from two queries at one time', async () => {
      const seen = prometheus(q => vector(q === GOOD ? '99' : '100'));
      const [outcome] = await source().query(context, [availability]);
      expect(outcome).toEqual({
        metric: 'availability',
        status: 'value',
        value: 0.99,
        raw: '99/100',
        query: `(${GOOD}) / (${TOTAL})`,
        at,
      });
      expect(
        seen.map(s => s.params).sort((a, b) => a.query.localeCompare(b.query)),
      ).toEqual([
        { query: GOOD, time: String(T) },
        { query: TOTAL, time: String(T) },
      ]);
    });

    it('a total of 0 is no-data (zero-total)', async () => {
      prometheus(() => vector('0'));
      const [outcome] = await source().query(context, [availability]);
      expect(outcome).toMatchObject({
        status: 'no-data',
        reason: 'zero-total',
        message: 'the total is 0 (good 0): no events to judge',
      });
    });

    it('names the half that had no data or was down', async () => {
      prometheus(q => (q === GOOD ? vector() : vector('5')));
      expect((await source().query(context, [availability]))[0]).toMatchObject({
        status: 'no-data',
        reason: 'empty',
        message: 'good query: no series matched the query',
      });
      server.resetHandlers();
      prometheus(q =>
        q === TOTAL ? new HttpResponse(null, { status: 503 }) : vector('5'),
      );
      expect((await source().query(context, [availability]))[0]).toMatchObject({
        status: 'source-down',
        message:
          'total query: HTTP 503 Service Unavailable: the response is not JSON (no content type): (empty body)',
      });
    });
  });

  it('uses the configured template of an indicator given by name', async () => {
    const seen = prometheus(() => vector('7'));
    const configured = source({
      queries: {
        throughput: {
          metric: 'throughput',
          query: 'sum(rate(x{s="$SERVICE"}[$DURATION_SECONDS]))',
        },
      },
    });
    const [outcome] = await configured.query(context, [
      { metric: 'throughput' },
    ]);
    expect(outcome).toMatchObject({ status: 'value', value: 7 });
    expect(seen[0].params.query).toBe('sum(rate(x{s="cart"}[300s]))');
    await expect(
      configured.query(context, [{ metric: 'latency' }]),
    ).rejects.toThrow(new UnknownIndicatorError('latency', ['throughput']));
    await expect(
      configured.query(context, [{ metric: 'latency' }]),
    ).rejects.toThrow(
      "No Prometheus query is configured for indicator 'latency'; configured: 'throughput'",
    );
  });

  it('throws for an unknown placeholder before sending anything', async () => {
    const seen = prometheus(() => vector('1'));
    await expect(
      source().query(context, [{ metric: 'm', query: 'x{team="${team}"}' }]),
    ).rejects.toThrow("Unknown placeholder '${team}'");
    expect(seen).toHaveLength(0);
  });
});

describe('PrometheusMetricsSource.queryRange', () => {
  const range = {
    start: new Date('2026-03-01T11:00:00Z'),
    end: new Date('2026-03-01T12:00:00Z'),
    step: 1800,
  };
  const S = range.start.getTime() / 1000;

  it('sends start, end and step and returns the points, NaN left out', async () => {
    const seen = prometheus(
      () =>
        HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: {},
                values: [
                  [S, '0.5'],
                  [S + 1800, 'NaN'],
                  [S + 3600, '0.25'],
                ],
              },
            ],
          },
        }),
      RANGE_URL,
    );
    const outcome = await source().queryRange(context, errors, range);
    expect(seen[0].params).toEqual({
      query: RESOLVED,
      start: String(S),
      end: String(S + 3600),
      step: '1800',
    });
    expect(outcome).toEqual({
      metric: 'error_rate',
      status: 'points',
      query: RESOLVED,
      points: [
        { at: range.start, value: 0.5 },
        { at: range.end, value: 0.25 },
      ],
    });
  });

  it('a ratio is one query, good over total', async () => {
    const seen = prometheus(
      () =>
        HttpResponse.json({
          status: 'success',
          data: { resultType: 'matrix', result: [] },
        }),
      RANGE_URL,
    );
    const outcome = await source().queryRange(
      context,
      { metric: 'a', good: 'g{s="${entity}"}', total: 't' },
      range,
    );
    expect(seen[0].params.query).toBe('(g{s="cart"}) / (t)');
    expect(outcome).toMatchObject({ status: 'no-data', reason: 'empty' });
  });

  it('several series, all-NaN and HTTP errors', async () => {
    const matrix = (result: unknown[]) =>
      HttpResponse.json({
        status: 'success',
        data: { resultType: 'matrix', result },
      });
    prometheus(() => matrix([{ values: [] }, { values: [] }]), RANGE_URL);
    expect(await source().queryRange(context, errors, range)).toMatchObject({
      status: 'no-data',
      reason: 'several-series',
      message: expect.stringContaining('returned 2 series'),
    });
    server.resetHandlers();
    prometheus(() => matrix([{ values: [[S, 'NaN']] }]), RANGE_URL);
    expect(await source().queryRange(context, errors, range)).toMatchObject({
      status: 'no-data',
      reason: 'nan',
    });
    server.resetHandlers();
    prometheus(
      () => new HttpResponse('no', { status: 502, statusText: 'Bad Gateway' }),
      RANGE_URL,
    );
    expect(await source().queryRange(context, errors, range)).toMatchObject({
      status: 'source-down',
      message: expect.stringMatching(/^HTTP 502 Bad Gateway/),
    });
  });

  it('rejects a range without a step', async () => {
    await expect(
      source().queryRange(context, errors, { ...range, step: 0 }),
    ).rejects.toThrow(
      'queryRange needs start <= end and a step of more than 0 seconds',
    );
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise(resolve => probe.close(resolve));
  return port;
}
