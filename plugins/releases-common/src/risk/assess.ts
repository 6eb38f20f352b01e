/*
 * Risk assessment of one change and of a release (the highest of its
 * changes). Points add up per label, thresholds turn them into a level and
 * hard rules can raise it. Every step is written into `reasons`, so the UI
 * can show why a change needs its gate. Pure: no I/O.
 */
import { DEFAULT_RISK_POLICY, RiskHardRule, RiskPolicy } from './policy';
import {
  ChangeLabels,
  RISK_LEVELS,
  RiskLabelName,
  RiskLevel,
  SIZES,
  Size,
} from './types';

export type RiskContribution = {
  label: RiskLabelName;
  /** The label value; null when unknown. */
  value: Size | number | boolean | null;
  /** The value the policy counted, when the label was unknown. */
  countedAs?: Size | number | boolean;
  points: number;
};

export type RiskAssessment = {
  level: RiskLevel;
  /** Sum of the contributions. */
  points: number;
  /** The level the points alone give, before hard rules. */
  pointsLevel: RiskLevel;
  contributions: RiskContribution[];
  /** The id of the hard rule that raised the level, if any. */
  rule: string | null;
  /** Human sentences, one per step. */
  reasons: string[];
  /** Feature-toggled changes are tested with the toggle on and off. */
  testBothToggleStates: boolean;
};

/** Orders risk levels: negative when a < b. */
export function compareRisk(a: RiskLevel, b: RiskLevel): number {
  return RISK_LEVELS.indexOf(a) - RISK_LEVELS.indexOf(b);
}

function maxRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return compareRisk(a, b) >= 0 ? a : b;
}

function sizeIndex(size: Size): number {
  return SIZES.indexOf(size);
}

function signed(points: number): string {
  return points < 0 ? `${points}` : `+${points}`;
}

/** The points of a coverage percentage under the policy's bands. */
export function coveragePoints(coverage: number, policy: RiskPolicy): number {
  const band = policy.coverageBands.find(b => coverage >= b.min);
  return band
    ? band.points
    : policy.coverageBands[policy.coverageBands.length - 1].points;
}

/** The level that a number of points gives under the policy's thresholds. */
export function levelForPoints(points: number, policy: RiskPolicy): RiskLevel {
  if (points >= policy.thresholds.high) return 'high';
  if (points >= policy.thresholds.medium) return 'medium';
  return 'low';
}

type Effective = {
  component: Size;
  change: Size;
  coverage: number;
  functional: boolean;
};

function ruleMatches(rule: RiskHardRule, e: Effective): boolean {
  return (
    (rule.minChange === undefined ||
      sizeIndex(e.change) >= sizeIndex(rule.minChange)) &&
    (rule.minComponent === undefined ||
      sizeIndex(e.component) >= sizeIndex(rule.minComponent)) &&
    (rule.functional === undefined || e.functional) &&
    (rule.coverageBelow === undefined || e.coverage < rule.coverageBelow)
  );
}

/**
 * Assesses the risk of one change. Unknown labels count as the policy says
 * (by default: size M, coverage 0%, functional) and the reasons say so.
 */
export function assessChangeRisk(
  labels: ChangeLabels,
  policy: RiskPolicy = DEFAULT_RISK_POLICY,
): RiskAssessment {
  const contributions: RiskContribution[] = [];
  const reasons: string[] = [];
  const add = (c: RiskContribution, reason: string) => {
    contributions.push(c);
    reasons.push(`${reason}: ${signed(c.points)}`);
  };

  const sizes = {} as Record<'component' | 'change', Size>;
  for (const label of ['component', 'change'] as const) {
    const known = labels[label];
    const size = known ?? policy.unknownSizeAs;
    sizes[label] = size;
    const table =
      label === 'component' ? policy.componentPoints : policy.changePoints;
    add(
      {
        label,
        value: known ?? null,
        ...(known === undefined ? { countedAs: size } : {}),
        points: table[size],
      },
      known === undefined
        ? `${label} unknown: counted as ${size}`
        : `${label} ${size}`,
    );
  }

  const knownCoverage = labels['ft-coverage'];
  const coverage = knownCoverage ?? policy.unknownCoverageAs;
  add(
    {
      label: 'ft-coverage',
      value: knownCoverage ?? null,
      ...(knownCoverage === undefined ? { countedAs: coverage } : {}),
      points: coveragePoints(coverage, policy),
    },
    knownCoverage === undefined
      ? `coverage unknown: counted as ${coverage}%`
      : `coverage ${coverage}%`,
  );

  const knownFunctional = labels.functional;
  const functional = knownFunctional ?? policy.unknownFunctionalAs;
  const fnWord = functional ? 'functional' : 'not functional';
  add(
    {
      label: 'functional',
      value: knownFunctional ?? null,
      ...(knownFunctional === undefined ? { countedAs: functional } : {}),
      points: functional ? policy.functionalPoints : 0,
    },
    knownFunctional === undefined
      ? `functional unknown: counted as ${fnWord}`
      : fnWord,
  );

  const toggle = labels['feature-toggle'];
  if (toggle === true) {
    add(
      {
        label: 'feature-toggle',
        value: true,
        points: policy.featureTogglePoints,
      },
      'feature toggle',
    );
  } else {
    contributions.push({
      label: 'feature-toggle',
      value: toggle ?? null,
      points: 0,
    });
  }

  const points = contributions.reduce((sum, c) => sum + c.points, 0);
  const pointsLevel = levelForPoints(points, policy);
  reasons.push(
    `${points} points: ${pointsLevel} (medium from ${policy.thresholds.medium}, high from ${policy.thresholds.high})`,
  );

  let level = pointsLevel;
  let rule: string | null = null;
  const effective = { ...sizes, coverage, functional };
  for (const hardRule of policy.hardRules) {
    if (!ruleMatches(hardRule, effective)) continue;
    if (compareRisk(hardRule.level, level) > 0) {
      level = hardRule.level;
      rule = hardRule.id;
      reasons.push(
        `hard rule ${hardRule.id}: ${hardRule.description}: raised to ${hardRule.level}`,
      );
    } else {
      reasons.push(`hard rule ${hardRule.id} matched, level already ${level}`);
    }
  }
  if (toggle === true) {
    reasons.push('feature-toggled: tested with the toggle on and off');
  }
  return {
    level,
    points,
    pointsLevel,
    contributions,
    rule,
    reasons,
    testBothToggleStates: toggle === true,
  };
}

/** The risk of a release: the highest level of its changes (low if none). */
export function releaseRisk(
  changes: ReadonlyArray<{ id: string; level: RiskLevel }>,
): RiskLevel {
  return changes.reduce<RiskLevel>((acc, c) => maxRisk(acc, c.level), 'low');
}
