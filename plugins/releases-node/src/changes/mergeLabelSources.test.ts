import { mergeLabelSources } from './mergeLabelSources';

describe('mergeLabelSources', () => {
  it('lets a pipeline report win over an SCM label, and an SCM label over Git', () => {
    const merged = mergeLabelSources(
      {
        change: { value: 'XS', source: 'git' },
        component: { value: 'M', source: 'git' },
        functional: { value: false, source: 'git' },
      },
      {
        change: { value: 'L', source: 'scm' },
        'ft-coverage': { value: 40, source: 'scm' },
      },
      {
        'ft-coverage': { value: 85, source: 'pipeline' },
        'feature-toggle': { value: true, source: 'pipeline' },
      },
    );
    expect(merged).toEqual({
      change: { value: 'L', source: 'scm' },
      component: { value: 'M', source: 'git' },
      'ft-coverage': { value: 85, source: 'pipeline' },
      functional: { value: false, source: 'git' },
      'feature-toggle': { value: true, source: 'pipeline' },
    });
  });

  it('goes by source, not by the order of the layers; the earlier layer between equals', () => {
    const git = { change: { value: 'XL' as const, source: 'git' as const } };
    const scm = { change: { value: 'S' as const, source: 'scm' as const } };
    expect(mergeLabelSources(git, scm)).toEqual(scm);
    expect(mergeLabelSources(scm, git)).toEqual(scm);
    expect(
      mergeLabelSources(
        { change: { value: 'M', source: 'scm' } },
        { change: { value: 'S', source: 'scm' } },
      ),
    ).toEqual({ change: { value: 'M', source: 'scm' } });
  });

  it('leaves a label no layer has unknown, and takes missing layers', () => {
    expect(mergeLabelSources()).toEqual({});
    expect(mergeLabelSources(undefined, null, {})).toEqual({});
    const merged = mergeLabelSources({
      functional: { value: true, source: 'git' },
    });
    expect(Object.keys(merged)).toEqual(['functional']);
  });
});
