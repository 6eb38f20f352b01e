import { ReleasesError } from '../errors';
import { InvalidRiskLabelError } from './errors';
import {
  parseChangeLabels,
  parseLabeledChangeLabels,
  parseLabeledLabelStrings,
  parseLabelStrings,
} from './labels';

function errorOf(fn: () => unknown): InvalidRiskLabelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidRiskLabelError);
    expect(e).toBeInstanceOf(ReleasesError);
    return e as InvalidRiskLabelError;
  }
  throw new Error('expected an InvalidRiskLabelError');
}

describe('parseChangeLabels', () => {
  it('accepts plain values and { value, source } values', () => {
    expect(
      parseChangeLabels({
        component: 'M',
        change: { value: 'XL', source: 'git' },
        'ft-coverage': { value: 0, source: 'pipeline' },
        functional: false,
        'feature-toggle': true,
      }),
    ).toEqual({
      component: 'M',
      change: 'XL',
      'ft-coverage': 0,
      functional: false,
      'feature-toggle': true,
    });
  });

  it('keeps unknown labels absent', () => {
    expect(parseChangeLabels({})).toEqual({});
    expect(parseChangeLabels(undefined)).toEqual({});
    expect(
      parseChangeLabels({ change: null, 'ft-coverage': undefined }),
    ).toEqual({});
    expect('ft-coverage' in parseChangeLabels({ change: 'S' })).toBe(false);
  });

  it('keeps sources with parseLabeledChangeLabels', () => {
    expect(
      parseLabeledChangeLabels(
        { change: { value: 'L', source: 'git' }, component: 'S' },
        'pipeline',
      ),
    ).toEqual({
      change: { value: 'L', source: 'git' },
      component: { value: 'S', source: 'pipeline' },
    });
  });

  it.each([
    [{ change: 'XXL' }, 'change', 'XS, S, M, L, XL'],
    [{ component: 'm' }, 'component', 'XS, S, M, L, XL'],
    [{ 'ft-coverage': 140 }, 'ft-coverage', 'an integer from 0 to 100'],
    [{ 'ft-coverage': 12.5 }, 'ft-coverage', 'an integer from 0 to 100'],
    [{ 'ft-coverage': '50%' }, 'ft-coverage', 'an integer from 0 to 100'],
    [{ 'ft-coverage': -1 }, 'ft-coverage', 'an integer from 0 to 100'],
    [{ functional: 'maybe' }, 'functional', 'true, false'],
    [{ 'feature-toggle': 1 }, 'feature-toggle', 'true, false'],
    [{ size: 'M' }, 'size', 'one of the labels component, change'],
    [
      { change: { value: 'M', source: 'jira' } },
      'change.source',
      'scm, pipeline, git',
    ],
  ])('refuses %j naming %s', (input, label, allowed) => {
    const error = errorOf(() => parseChangeLabels(input));
    expect(error.label).toBe(label);
    expect(error.allowed).toContain(allowed);
    expect(error.message).toContain(`'${label}:`);
    expect(error.message).toContain(allowed);
  });

  it('names the bad value in the message', () => {
    expect(errorOf(() => parseChangeLabels({ change: 'XXL' })).message).toBe(
      "Invalid risk label 'change: XXL'; allowed: XS, S, M, L, XL",
    );
  });

  it('refuses a non-object', () => {
    expect(errorOf(() => parseChangeLabels(['change:M'])).label).toBe('labels');
  });
});

describe('parseLabelStrings', () => {
  it('parses SCM labels and ignores other labels', () => {
    expect(
      parseLabelStrings([
        'bug',
        'component:M',
        'change:xl',
        'ft-coverage:80',
        'functional:true',
        'feature-toggle:FALSE',
        'hotfix-to/v1.2.3',
        'team:core',
      ]),
    ).toEqual({
      component: 'M',
      change: 'XL',
      'ft-coverage': 80,
      functional: true,
      'feature-toggle': false,
    });
  });

  it('keeps the source', () => {
    expect(parseLabeledLabelStrings(['change:S'], 'git')).toEqual({
      change: { value: 'S', source: 'git' },
    });
  });

  it('accepts the same label twice with the same value', () => {
    expect(parseLabelStrings(['change:M', 'change:m'])).toEqual({
      change: 'M',
    });
  });

  it.each([
    ['change:XXL', 'change'],
    ['ft-coverage:140', 'ft-coverage'],
    ['ft-coverage:12.5', 'ft-coverage'],
    ['ft-coverage:50%', 'ft-coverage'],
    ['ft-coverage:', 'ft-coverage'],
    ['functional:maybe', 'functional'],
    ['feature-toggle:yes', 'feature-toggle'],
  ])('refuses %s', (label, name) => {
    expect(errorOf(() => parseLabelStrings([label])).label).toBe(name);
  });

  it('refuses conflicting values of one label', () => {
    const error = errorOf(() => parseLabelStrings(['change:M', 'change:L']));
    expect(error.label).toBe('change');
    expect(error.message).toContain('M and L');
  });
});
