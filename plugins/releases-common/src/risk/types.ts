/*
 * Types of the change-risk model: the labels a change carries (from the SCM,
 * the pipeline or computed from Git), the policy that weighs them and the
 * assessment that picks the gate. Pure: no I/O.
 */

/** T-shirt size of a change or of the component it touches. */
export type Size = 'XS' | 'S' | 'M' | 'L' | 'XL';

/** Sizes from smallest to largest. */
export const SIZES: readonly Size[] = ['XS', 'S', 'M', 'L', 'XL'];

/** Risk levels from lowest to highest. */
export type RiskLevel = 'low' | 'medium' | 'high';

export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];

/** Where a label value came from. */
export type LabelSource = 'scm' | 'pipeline' | 'git';

export const LABEL_SOURCES: readonly LabelSource[] = ['scm', 'pipeline', 'git'];

/** A label value together with where it came from. */
export type LabeledValue<T> = { value: T; source: LabelSource };

/**
 * The risk labels of one change. An absent key means "unknown", which the
 * policy counts explicitly (and says so in the reasons); it is never the
 * same as a present value.
 */
export type ChangeLabels = {
  /** How big / central the touched component is. */
  component?: Size;
  /** How big the change itself is. */
  change?: Size;
  /** Functional-test coverage of the change, an integer percentage 0..100. */
  'ft-coverage'?: number;
  /** Whether the change alters behaviour (as opposed to docs, refactors...). */
  functional?: boolean;
  /** Whether the change ships behind a feature toggle. */
  'feature-toggle'?: boolean;
};

/** Names of the risk labels. */
export type RiskLabelName = keyof ChangeLabels;

export const RISK_LABEL_NAMES: readonly RiskLabelName[] = [
  'component',
  'change',
  'ft-coverage',
  'functional',
  'feature-toggle',
];

/** The risk labels of one change, each with its source. */
export type LabeledChangeLabels = {
  [K in RiskLabelName]?: LabeledValue<NonNullable<ChangeLabels[K]>>;
};
