import { NotFoundError } from '@backstage/errors';
import type { MetricsSource } from '@releases-for-backstage/plugin-releases-node';
import { MetricsSources } from './MetricsSources';

const source = (id: string): MetricsSource => ({
  id,
  query: async () => [],
  queryRange: async () => {
    throw new Error('not used');
  },
});

describe('MetricsSources', () => {
  it('looks sources up by id and lists them in the order added', () => {
    const sources = new MetricsSources();
    const prometheus = source('prometheus');
    const datadog = source('datadog');
    sources.add(prometheus, datadog);
    expect(sources.get('datadog')).toBe(datadog);
    expect(sources.has('prometheus')).toBe(true);
    expect(sources.list()).toEqual([prometheus, datadog]);
  });

  it('an unknown id is a NotFoundError naming it and the registered ids', () => {
    const sources = new MetricsSources();
    expect(() => sources.get('prometheus')).toThrow(NotFoundError);
    expect(() => sources.get('prometheus')).toThrow(
      "Unknown metrics source 'prometheus'; no metrics source is registered",
    );
    sources.add(source('prometheus'), source('datadog'));
    expect(() => sources.get('graphite')).toThrow(
      "Unknown metrics source 'graphite'; registered: 'prometheus', 'datadog'",
    );
  });

  it('refuses a second source with the same id', () => {
    const sources = new MetricsSources();
    sources.add(source('prometheus'));
    expect(() => sources.add(source('prometheus'))).toThrow(
      "A metrics source with id 'prometheus' is already registered",
    );
  });
});
