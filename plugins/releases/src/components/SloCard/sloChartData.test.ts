import { sloResponse } from './__fixtures__/slo';
import { gapOf, sloChartPoints } from './sloChartData';

describe('sloChartPoints', () => {
  it('lists an objective oldest first, with value, baseline and status', () => {
    const points = sloChartPoints('latency_p95', sloResponse.evaluations);
    expect(points.map(p => [p.at.slice(11, 16), p.value, p.status])).toEqual([
      ['01:30', 250, 'pass'],
      ['02:30', 410, 'warning'],
      ['03:30', 620, 'fail'],
      ['04:30', null, null],
    ]);
    expect(points.map(p => p.baseline)).toEqual([240, 240, 240, 240]);
  });

  it('makes gaps of no data and source down, never 0', () => {
    const latency = sloChartPoints('latency_p95', sloResponse.evaluations);
    expect(latency.at(-1)).toMatchObject({ value: null, gap: 'no data' });
    const errors = sloChartPoints('error_rate', sloResponse.evaluations);
    expect(errors.at(-1)).toMatchObject({ value: null, gap: 'source down' });
    expect(errors.slice(0, 3).every(p => p.gap === undefined)).toBe(true);
  });

  it('counts an objective missing from an evaluation as no data', () => {
    const points = sloChartPoints('saturation', sloResponse.evaluations);
    expect(points.map(p => p.gap)).toEqual([
      'no data',
      'no data',
      'no data',
      'no data',
    ]);
    expect(gapOf(undefined)).toBe('no data');
  });

  it('takes a null value without an outcome as no data', () => {
    const [evaluation] = sloResponse.evaluations.slice(1, 2);
    const indicator = { ...evaluation.indicators[0], value: null };
    delete indicator.outcome;
    expect(gapOf(indicator)).toBe('no data');
  });
});
