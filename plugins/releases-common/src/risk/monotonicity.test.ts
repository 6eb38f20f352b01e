/*
 * Exhaustive monotonicity: over every combination of labels (each size and
 * unknown, every coverage 0..100 and unknown, functional and feature-toggle
 * true/false/unknown) a riskier label never lowers the level and a feature
 * toggle never raises it; the same for seeded random policies that pass
 * validateRiskPolicy.
 */
import { assessChangeRisk } from './assess';
import {
  DEFAULT_RISK_POLICY,
  RiskHardRule,
  RiskPolicy,
  validateRiskPolicy,
} from './policy';
import { ChangeLabels, RISK_LEVELS, SIZES, Size } from './types';

const SIZE_VALUES: Array<Size | undefined> = [undefined, ...SIZES];
const BOOLS: Array<boolean | undefined> = [undefined, false, true];

function labelsOf(
  component: Size | undefined,
  change: Size | undefined,
  coverage: number | undefined,
  functional: boolean | undefined,
  toggle: boolean | undefined,
): ChangeLabels {
  const labels: ChangeLabels = {};
  if (component !== undefined) labels.component = component;
  if (change !== undefined) labels.change = change;
  if (coverage !== undefined) labels['ft-coverage'] = coverage;
  if (functional !== undefined) labels.functional = functional;
  if (toggle !== undefined) labels['feature-toggle'] = toggle;
  return labels;
}

/**
 * Returns the violations of monotonicity for a policy, over the given
 * coverage values (sorted ascending; undefined is added as unknown).
 */
function violations(policy: RiskPolicy, coverages: number[]): string[] {
  const cov: Array<number | undefined> = [undefined, ...coverages];
  const dims = [SIZE_VALUES.length, SIZE_VALUES.length, cov.length, 3, 3];
  const levels = new Int8Array(dims.reduce((a, b) => a * b, 1));
  const index = (i: number[]) =>
    (((i[0] * dims[1] + i[1]) * dims[2] + i[2]) * dims[3] + i[3]) * dims[4] +
    i[4];
  const all: number[][] = [];
  for (let a = 0; a < dims[0]; a++)
    for (let b = 0; b < dims[1]; b++)
      for (let c = 0; c < dims[2]; c++)
        for (let d = 0; d < 3; d++)
          for (let e = 0; e < 3; e++) {
            const i = [a, b, c, d, e];
            const labels = labelsOf(
              SIZE_VALUES[a],
              SIZE_VALUES[b],
              cov[c],
              BOOLS[d],
              BOOLS[e],
            );
            levels[index(i)] = RISK_LEVELS.indexOf(
              assessChangeRisk(labels, policy).level,
            );
            all.push(i);
          }
  const found: string[] = [];
  const expectOrder = (lower: number[], higher: number[], what: string) => {
    if (levels[index(lower)] > levels[index(higher)]) {
      found.push(`${what} at ${JSON.stringify(lower)}`);
    }
  };
  for (const i of all) {
    const [a, b, c, d, e] = i;
    // Larger known sizes (index 1..5 are XS..XL).
    if (a >= 1 && a < dims[0] - 1)
      expectOrder(i, [a + 1, b, c, d, e], 'component up');
    if (b >= 1 && b < dims[1] - 1)
      expectOrder(i, [a, b + 1, c, d, e], 'change up');
    // Lower known coverage (index 1.. ascending): c+1 -> c never lowers.
    if (c >= 1 && c < dims[2] - 1)
      expectOrder([a, b, c + 1, d, e], i, 'coverage down');
    // functional false (1) -> true (2).
    if (d === 1) expectOrder(i, [a, b, c, 2, e], 'functional on');
    // feature-toggle false (1) -> true (2) never raises.
    if (e === 1) expectOrder([a, b, c, d, 2], i, 'toggle on');
  }
  return found;
}

const ALL_COVERAGES = Array.from({ length: 101 }, (_, i) => i);

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPolicy(rand: () => number): RiskPolicy {
  const int = (lo: number, hi: number) =>
    lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const sizePoints = () => {
    let p = int(0, 2);
    const out = {} as Record<Size, number>;
    for (const s of SIZES) {
      out[s] = p;
      p += int(0, 3);
    }
    return out;
  };
  const mins = new Set<number>();
  const bandCount = int(0, 4);
  while (mins.size < bandCount) mins.add(int(1, 100));
  let points = int(0, 1);
  const coverageBands = [...mins, 0]
    .sort((x, y) => y - x)
    .map(min => {
      const band = { min, points };
      points += int(0, 3);
      return band;
    });
  const medium = int(1, 10);
  const hardRules: RiskHardRule[] = Array.from(
    { length: int(0, 3) },
    (_, i) => {
      const rule: RiskHardRule = {
        id: `r${i}`,
        description: `rule ${i}`,
        level: pick(['medium', 'high'] as const),
      };
      if (rand() < 0.5) rule.minChange = pick(SIZES);
      if (rand() < 0.3) rule.minComponent = pick(SIZES);
      if (rand() < 0.5) rule.functional = true;
      if (rand() < 0.5) rule.coverageBelow = int(1, 101);
      return rule;
    },
  );
  return {
    componentPoints: sizePoints(),
    changePoints: sizePoints(),
    unknownSizeAs: pick(SIZES),
    coverageBands,
    unknownCoverageAs: int(0, 100),
    functionalPoints: int(0, 4),
    unknownFunctionalAs: rand() < 0.7,
    featureTogglePoints: -int(0, 4),
    thresholds: { medium, high: medium + int(0, 8) },
    hardRules,
  };
}

/** Coverage values that exercise every band and rule boundary of a policy. */
function boundaryCoverages(policy: RiskPolicy): number[] {
  const points = new Set<number>([0, 1, 99, 100, policy.unknownCoverageAs]);
  const edges = [
    ...policy.coverageBands.map(b => b.min),
    ...policy.hardRules.flatMap(r =>
      r.coverageBelow === undefined ? [] : [r.coverageBelow],
    ),
  ];
  for (const e of edges) for (const d of [-1, 0, 1]) points.add(e + d);
  return [...points].filter(c => c >= 0 && c <= 100).sort((x, y) => x - y);
}

describe('risk monotonicity', () => {
  it('holds for the default policy over all 33048 label combinations', () => {
    expect(violations(DEFAULT_RISK_POLICY, ALL_COVERAGES)).toEqual([]);
  });

  it('counts unknown labels exactly as the policy says', () => {
    for (const functional of BOOLS) {
      for (const change of SIZE_VALUES) {
        const unknown = assessChangeRisk({ change, functional });
        const counted = assessChangeRisk({
          change,
          functional,
          component: DEFAULT_RISK_POLICY.unknownSizeAs,
          'ft-coverage': DEFAULT_RISK_POLICY.unknownCoverageAs,
        });
        expect([unknown.level, unknown.points]).toEqual([
          counted.level,
          counted.points,
        ]);
      }
    }
  });

  it('holds for 300 seeded random policies that pass validateRiskPolicy', () => {
    const rand = prng(20261201);
    const failing: Array<{ policy: RiskPolicy; found: string[] }> = [];
    for (let n = 0; n < 300; n++) {
      const policy = randomPolicy(rand);
      expect(validateRiskPolicy(policy)).toBe(policy);
      const found = violations(policy, boundaryCoverages(policy));
      if (found.length > 0) failing.push({ policy, found: found.slice(0, 3) });
    }
    // Shows the first failing policy in full.
    expect(failing.slice(0, 1)).toEqual([]);
  });

  it('detects violations in policies that validateRiskPolicy refuses', () => {
    const positiveToggle = { ...DEFAULT_RISK_POLICY, featureTogglePoints: 3 };
    expect(() => validateRiskPolicy(positiveToggle)).toThrow(
      /featureTogglePoints/,
    );
    expect(violations(positiveToggle, ALL_COVERAGES)).not.toEqual([]);
    const shrinkingChange = {
      ...DEFAULT_RISK_POLICY,
      changePoints: { XS: 0, S: 1, M: 2, L: 3, XL: 0 },
      hardRules: [],
    };
    expect(() => validateRiskPolicy(shrinkingChange)).toThrow(
      /changePoints\.XL/,
    );
    expect(
      violations(shrinkingChange, ALL_COVERAGES).some(v =>
        v.startsWith('change up'),
      ),
    ).toBe(true);
  });
});
