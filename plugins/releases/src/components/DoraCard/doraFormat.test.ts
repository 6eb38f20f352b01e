import {
  chartData,
  formatDuration,
  formatFrequency,
  formatPercent,
  rangeQuery,
  sentence,
} from './doraFormat';

describe('rangeQuery', () => {
  const now = new Date('2026-12-02T15:00:00.000Z');

  it('asks for day buckets over 30 days', () => {
    expect(rangeQuery(30, now)).toEqual({
      from: '2026-11-02T15:00:00.000Z',
      to: '2026-12-02T15:00:00.000Z',
      bucket: 'day',
    });
  });

  it('asks for week buckets over 90 and 180 days', () => {
    expect(rangeQuery(90, now)).toEqual({
      from: '2026-09-03T15:00:00.000Z',
      to: '2026-12-02T15:00:00.000Z',
      bucket: 'week',
    });
    expect(rangeQuery(180, now).from).toBe('2026-06-05T15:00:00.000Z');
  });
});

describe('formatting', () => {
  it.each([
    [59, '1 min'],
    [1200, '20 min'],
    [5400, '1.5 h'],
    [86_400, '1 day'],
    [734_400, '8.5 days'],
  ])('writes %i seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('writes rates as percents, 0 included', () => {
    expect(formatPercent(0.444)).toBe('44 %');
    expect(formatPercent(0)).toBe('0 %');
  });

  it('writes frequency per day from one a day, else per week', () => {
    expect(formatFrequency(1.43, 10)).toBe('1.4 / day');
    expect(formatFrequency(0.43, 3)).toBe('3 / week');
  });

  it('starts the reason with a capital', () => {
    expect(sentence('no deployments from a to b')).toBe(
      'No deployments from a to b',
    );
  });
});

describe('chartData', () => {
  it('stacks failed deployments on succeeded ones and leaves gaps where there is no data', () => {
    expect(
      chartData([
        {
          start: '2026-11-02T00:00:00.000Z',
          end: '2026-11-09T00:00:00.000Z',
          deployments: 4,
          failed: 1,
          rework: 0,
          leadTimeMedianSeconds: 129_600,
          timeToRestoreMedianSeconds: 1200,
        },
        {
          start: '2026-11-09T00:00:00.000Z',
          end: '2026-11-16T00:00:00.000Z',
          deployments: 0,
          failed: 0,
          rework: 0,
          leadTimeMedianSeconds: null,
          timeToRestoreMedianSeconds: null,
        },
      ]),
    ).toEqual([
      {
        label: 'Nov 2',
        succeeded: 3,
        failed: 1,
        leadTimeDays: 1.5,
        failureRatePercent: 25,
      },
      {
        label: 'Nov 9',
        succeeded: 0,
        failed: 0,
        leadTimeDays: null,
        failureRatePercent: null,
      },
    ]);
  });
});
