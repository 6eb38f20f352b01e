import { toSliValues } from './toSliValues';

describe('toSliValues', () => {
  it('passes values and fails no-data and source-down, naming outcome and query', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(
      toSliValues([
        {
          metric: 'error_rate',
          status: 'value',
          value: 0.25,
          query: 'q1',
          raw: '0.25',
          at,
        },
        {
          metric: 'latency',
          status: 'no-data',
          reason: 'empty',
          query: 'q2{service="cart"}',
          message: 'no series matched',
        },
        {
          metric: 'throughput',
          status: 'source-down',
          query: 'q3',
          message: 'HTTP 503 Service Unavailable',
        },
      ]),
    ).toEqual([
      { metric: 'error_rate', value: 0.25, success: true },
      {
        metric: 'latency',
        value: null,
        success: false,
        message:
          'no data (empty) for query q2{service="cart"}: no series matched',
      },
      {
        metric: 'throughput',
        value: null,
        success: false,
        message:
          'metrics source down for query q3: HTTP 503 Service Unavailable',
      },
    ]);
  });

  it('a zero value is still a value', () => {
    expect(
      toSliValues([
        {
          metric: 'm',
          status: 'value',
          value: 0,
          query: 'q',
          raw: '0',
          at: new Date(),
        },
      ]),
    ).toEqual([{ metric: 'm', value: 0, success: true }]);
  });
});
