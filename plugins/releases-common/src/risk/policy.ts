/*
 * The risk policy: points per label value, the thresholds that turn points
 * into a level, and hard rules that set a minimum level. The defaults are
 * small integers a reviewer can add up by hand (docs/risk.md has the
 * table). validateRiskPolicy refuses any policy that would let a riskier
 * change get a lower level, so weights can come from app-config safely.
 */
import { InvalidRiskPolicyError } from './errors';
import { RiskLevel, SIZES, Size } from './types';

/** A coverage band: coverage >= `min` (and below the next band) scores `points`. */
export type CoverageBand = { min: number; points: number };

/**
 * A hard rule: when every given condition holds, the level is at least
 * `level`. Every condition is monotone (a riskier change still matches).
 */
export type RiskHardRule = {
  /** Stable id, reported as `rule` in the assessment. */
  id: string;
  /** Human description, used in the reasons. */
  description: string;
  /** Matches when the change size is at least this. */
  minChange?: Size;
  /** Matches when the component size is at least this. */
  minComponent?: Size;
  /** Matches only functional changes (unknown counts as the policy says). */
  functional?: true;
  /** Matches when coverage is below this (unknown counts as the policy says). */
  coverageBelow?: number;
  /** The minimum level the rule sets. */
  level: Exclude<RiskLevel, 'low'>;
};

export type RiskPolicy = {
  /** Points per component size; non-decreasing from XS to XL. */
  componentPoints: Record<Size, number>;
  /** Points per change size; non-decreasing from XS to XL. */
  changePoints: Record<Size, number>;
  /** The size an unknown component or change counts as. */
  unknownSizeAs: Size;
  /**
   * Coverage bands, highest `min` first, the last one with `min: 0`; points
   * non-decreasing as coverage falls.
   */
  coverageBands: CoverageBand[];
  /** The coverage an unknown coverage counts as (0: like no tests at all). */
  unknownCoverageAs: number;
  /** Points for a functional change (>= 0); a non-functional one scores 0. */
  functionalPoints: number;
  /** Whether an unknown `functional` counts as functional. */
  unknownFunctionalAs: boolean;
  /** Points for a change behind a feature toggle (<= 0). */
  featureTogglePoints: number;
  /** Points from which the level is medium, and high (medium <= high). */
  thresholds: { medium: number; high: number };
  /** Rules that set a minimum level whatever the points. */
  hardRules: RiskHardRule[];
};

export const DEFAULT_RISK_POLICY: RiskPolicy = {
  componentPoints: { XS: 0, S: 0, M: 1, L: 2, XL: 3 },
  changePoints: { XS: 0, S: 1, M: 2, L: 3, XL: 4 },
  unknownSizeAs: 'M',
  coverageBands: [
    { min: 80, points: 0 },
    { min: 60, points: 1 },
    { min: 40, points: 2 },
    { min: 0, points: 3 },
  ],
  unknownCoverageAs: 0,
  functionalPoints: 2,
  unknownFunctionalAs: true,
  featureTogglePoints: -2,
  thresholds: { medium: 4, high: 8 },
  hardRules: [
    {
      id: 'xl-functional',
      description: 'an XL functional change is high risk',
      minChange: 'XL',
      functional: true,
      level: 'high',
    },
    {
      id: 'large-functional-low-coverage',
      description:
        'a functional change of size L or more with coverage below 40% is at least medium risk',
      minChange: 'L',
      functional: true,
      coverageBelow: 40,
      level: 'medium',
    },
  ],
};

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function fail(key: string, reason: string): never {
  throw new InvalidRiskPolicyError(key, reason);
}

function checkSizePoints(key: string, points: unknown): void {
  if (typeof points !== 'object' || points === null) {
    fail(key, 'must be an object with the keys XS, S, M, L, XL');
  }
  const record = points as Record<string, unknown>;
  let previous = 0;
  SIZES.forEach((size, i) => {
    const p = record[size];
    if (!isInt(p) || p < 0) fail(`${key}.${size}`, 'must be an integer >= 0');
    if (i > 0 && p < previous) {
      fail(
        `${key}.${size}`,
        `${size} must not score fewer points than ${
          SIZES[i - 1]
        } (${p} < ${previous})`,
      );
    }
    previous = p;
  });
}

function checkSize(key: string, size: unknown): void {
  if (!(SIZES as readonly unknown[]).includes(size)) {
    fail(key, `must be one of ${SIZES.join(', ')}`);
  }
}

function checkCoverageBands(bands: unknown): void {
  const key = 'coverageBands';
  if (!Array.isArray(bands) || bands.length === 0) {
    fail(key, 'must be a non-empty array of { min, points }');
  }
  bands.forEach((band: unknown, i: number) => {
    const b = (band ?? {}) as Record<string, unknown>;
    if (!isInt(b.min) || b.min < 0 || b.min > 100) {
      fail(`${key}[${i}].min`, 'must be an integer from 0 to 100');
    }
    if (!isInt(b.points) || b.points < 0) {
      fail(`${key}[${i}].points`, 'must be an integer >= 0');
    }
    if (i > 0) {
      const prev = bands[i - 1] as CoverageBand;
      if (b.min >= prev.min) {
        fail(`${key}[${i}].min`, 'bands must be ordered by min, highest first');
      }
      if (b.points < prev.points) {
        fail(
          `${key}[${i}].points`,
          `lower coverage must not score fewer points (${b.points} < ${prev.points})`,
        );
      }
    }
  });
  if ((bands[bands.length - 1] as CoverageBand).min !== 0) {
    fail(`${key}[${bands.length - 1}].min`, 'the last band must start at 0');
  }
}

function checkHardRules(rules: unknown): void {
  if (!Array.isArray(rules)) fail('hardRules', 'must be an array');
  const ids = new Set<string>();
  rules.forEach((rule: unknown, i: number) => {
    const key = `hardRules[${i}]`;
    const r = (rule ?? {}) as Record<string, unknown>;
    if (typeof r.id !== 'string' || r.id === '') {
      fail(`${key}.id`, 'must be a non-empty string');
    }
    if (ids.has(r.id)) fail(`${key}.id`, `duplicate rule id '${r.id}'`);
    ids.add(r.id);
    if (typeof r.description !== 'string') {
      fail(`${key}.description`, 'must be a string');
    }
    if (r.minChange !== undefined) checkSize(`${key}.minChange`, r.minChange);
    if (r.minComponent !== undefined) {
      checkSize(`${key}.minComponent`, r.minComponent);
    }
    if (r.functional !== undefined && r.functional !== true) {
      fail(`${key}.functional`, 'must be true or absent');
    }
    if (
      r.coverageBelow !== undefined &&
      (!isInt(r.coverageBelow) || r.coverageBelow < 1 || r.coverageBelow > 101)
    ) {
      fail(`${key}.coverageBelow`, 'must be an integer from 1 to 101');
    }
    if (r.level !== 'medium' && r.level !== 'high') {
      fail(`${key}.level`, 'must be medium or high');
    }
  });
}

/**
 * Checks that a policy is well-formed and monotone: larger sizes, lower
 * coverage and functional changes never score fewer points, a feature
 * toggle never adds points, thresholds are in order and hard rules only use
 * monotone conditions. Throws InvalidRiskPolicyError naming the key.
 */
export function validateRiskPolicy(policy: unknown): RiskPolicy {
  if (typeof policy !== 'object' || policy === null) {
    fail('policy', 'must be an object');
  }
  const p = policy as Record<string, unknown>;
  checkSizePoints('componentPoints', p.componentPoints);
  checkSizePoints('changePoints', p.changePoints);
  checkSize('unknownSizeAs', p.unknownSizeAs);
  checkCoverageBands(p.coverageBands);
  if (!isInt(p.unknownCoverageAs) || p.unknownCoverageAs < 0) {
    fail('unknownCoverageAs', 'must be an integer from 0 to 100');
  }
  if (p.unknownCoverageAs > 100) {
    fail('unknownCoverageAs', 'must be an integer from 0 to 100');
  }
  if (!isInt(p.functionalPoints) || p.functionalPoints < 0) {
    fail('functionalPoints', 'must be an integer >= 0');
  }
  if (typeof p.unknownFunctionalAs !== 'boolean') {
    fail('unknownFunctionalAs', 'must be true or false');
  }
  if (!isInt(p.featureTogglePoints) || p.featureTogglePoints > 0) {
    fail('featureTogglePoints', 'must be an integer <= 0 (a reduction)');
  }
  const t = (p.thresholds ?? {}) as Record<string, unknown>;
  if (!isInt(t.medium) || t.medium < 1) {
    fail('thresholds.medium', 'must be an integer >= 1');
  }
  if (!isInt(t.high) || t.high < t.medium) {
    fail(
      'thresholds.high',
      `must be an integer >= thresholds.medium (${t.medium})`,
    );
  }
  checkHardRules(p.hardRules);
  return policy as RiskPolicy;
}
