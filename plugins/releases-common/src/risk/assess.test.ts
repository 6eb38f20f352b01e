import {
  assessChangeRisk,
  compareRisk,
  coveragePoints,
  releaseRisk,
} from './assess';
import { DEFAULT_RISK_POLICY, RiskPolicy } from './policy';

describe('assessChangeRisk', () => {
  it('adds points per label and reports each one', () => {
    const a = assessChangeRisk({
      component: 'L',
      change: 'L',
      'ft-coverage': 50,
      functional: true,
      'feature-toggle': false,
    });
    expect(a.points).toBe(2 + 3 + 2 + 2);
    expect(a.level).toBe('high');
    expect(a.pointsLevel).toBe('high');
    expect(a.rule).toBeNull();
    expect(a.contributions).toEqual([
      { label: 'component', value: 'L', points: 2 },
      { label: 'change', value: 'L', points: 3 },
      { label: 'ft-coverage', value: 50, points: 2 },
      { label: 'functional', value: true, points: 2 },
      { label: 'feature-toggle', value: false, points: 0 },
    ]);
    expect(a.reasons).toContain('change L: +3');
    expect(a.testBothToggleStates).toBe(false);
  });

  it('says how unknown labels were counted', () => {
    const a = assessChangeRisk({});
    expect(a.reasons).toEqual([
      'component unknown: counted as M: +1',
      'change unknown: counted as M: +2',
      'coverage unknown: counted as 0%: +3',
      'functional unknown: counted as functional: +2',
      '8 points: high (medium from 4, high from 8)',
    ]);
    expect(a.contributions[2]).toEqual({
      label: 'ft-coverage',
      value: null,
      countedAs: 0,
      points: 3,
    });
    expect(a.level).toBe('high');
  });

  it('reduces points for a feature toggle and asks for both toggle states', () => {
    const base = {
      component: 'M',
      change: 'M',
      'ft-coverage': 80,
      functional: true,
    } as const;
    const off = assessChangeRisk(base);
    const on = assessChangeRisk({ ...base, 'feature-toggle': true });
    expect(on.points).toBe(off.points - 2);
    expect(on.reasons).toContain('feature toggle: -2');
    expect(on.testBothToggleStates).toBe(true);
    expect(on.reasons).toContain(
      'feature-toggled: tested with the toggle on and off',
    );
  });

  it('applies the xl-functional hard rule', () => {
    const a = assessChangeRisk({
      component: 'XS',
      change: 'XL',
      'ft-coverage': 100,
      functional: true,
      'feature-toggle': true,
    });
    expect(a.points).toBe(4);
    expect(a.pointsLevel).toBe('medium');
    expect(a.level).toBe('high');
    expect(a.rule).toBe('xl-functional');
    expect(a.reasons).toContain(
      'hard rule xl-functional: an XL functional change is high risk: raised to high',
    );
  });

  it('does not apply xl-functional to a non-functional XL change', () => {
    const a = assessChangeRisk({
      component: 'XS',
      change: 'XL',
      'ft-coverage': 100,
      functional: false,
    });
    expect([a.level, a.rule]).toEqual(['medium', null]);
  });

  it('applies large-functional-low-coverage when weights are lowered', () => {
    const policy: RiskPolicy = {
      ...DEFAULT_RISK_POLICY,
      featureTogglePoints: -6,
    };
    const a = assessChangeRisk(
      {
        component: 'XS',
        change: 'L',
        'ft-coverage': 39,
        functional: true,
        'feature-toggle': true,
      },
      policy,
    );
    expect(a.pointsLevel).toBe('low');
    expect([a.level, a.rule]).toEqual([
      'medium',
      'large-functional-low-coverage',
    ]);
    const covered = assessChangeRisk(
      {
        component: 'XS',
        change: 'L',
        'ft-coverage': 40,
        functional: true,
        'feature-toggle': true,
      },
      policy,
    );
    expect([covered.level, covered.rule]).toEqual(['low', null]);
  });

  it('notes a matching rule that does not raise the level', () => {
    const a = assessChangeRisk({
      component: 'XL',
      change: 'XL',
      'ft-coverage': 0,
      functional: true,
    });
    expect([a.level, a.rule]).toEqual(['high', null]);
    expect(a.reasons).toContain(
      'hard rule xl-functional matched, level already high',
    );
  });

  it.each([
    [100, 0],
    [80, 0],
    [79, 1],
    [60, 1],
    [59, 2],
    [40, 2],
    [39, 3],
    [0, 3],
  ])('scores coverage %i%% with %i points', (coverage, points) => {
    expect(coveragePoints(coverage, DEFAULT_RISK_POLICY)).toBe(points);
  });
});

describe('releaseRisk and compareRisk', () => {
  it('takes the highest level, low if none', () => {
    expect(releaseRisk([])).toBe('low');
    expect(
      releaseRisk([
        { id: 'a', level: 'low' },
        { id: 'b', level: 'medium' },
      ]),
    ).toBe('medium');
    expect(
      releaseRisk([
        { id: 'a', level: 'high' },
        { id: 'b', level: 'low' },
      ]),
    ).toBe('high');
  });

  it('orders low < medium < high', () => {
    expect(
      ['high', 'low', 'medium'].sort((a, b) =>
        compareRisk(a as never, b as never),
      ),
    ).toEqual(['low', 'medium', 'high']);
    expect(compareRisk('medium', 'medium')).toBe(0);
  });
});
