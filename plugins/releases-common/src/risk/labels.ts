/*
 * Parsing of risk labels, from an object (the REST API, the pipeline, the
 * Git-computed values) or from SCM label strings such as `component:M`.
 * Bad values are refused with an InvalidRiskLabelError naming the label and
 * its allowed values; absent values stay absent ("unknown").
 */
import { InvalidRiskLabelError } from './errors';
import {
  ChangeLabels,
  LABEL_SOURCES,
  LabelSource,
  LabeledChangeLabels,
  RISK_LABEL_NAMES,
  RiskLabelName,
  SIZES,
  Size,
} from './types';

const ALLOWED: Record<RiskLabelName, string> = {
  component: SIZES.join(', '),
  change: SIZES.join(', '),
  'ft-coverage': 'an integer from 0 to 100',
  functional: 'true, false',
  'feature-toggle': 'true, false',
};

type Value = NonNullable<ChangeLabels[RiskLabelName]>;

function isRiskLabelName(name: string): name is RiskLabelName {
  return (RISK_LABEL_NAMES as readonly string[]).includes(name);
}

/** Checks one typed value of a risk label (not a label string). */
function checkValue(name: RiskLabelName, value: unknown): Value {
  let ok: boolean;
  if (name === 'component' || name === 'change') {
    ok = (SIZES as readonly unknown[]).includes(value);
  } else if (name === 'ft-coverage') {
    ok =
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 0 &&
      value <= 100;
  } else {
    ok = typeof value === 'boolean';
  }
  if (!ok) throw new InvalidRiskLabelError(name, value, ALLOWED[name]);
  return value as Value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses risk labels from an object whose values are either plain values
 * (`{ change: 'L' }`) or values with their source
 * (`{ change: { value: 'L', source: 'git' } }`). Plain values get
 * `defaultSource`. `undefined` and `null` mean unknown. Unknown label names,
 * bad values and bad sources are refused.
 */
export function parseLabeledChangeLabels(
  input: unknown,
  defaultSource: LabelSource = 'scm',
): LabeledChangeLabels {
  if (input === undefined || input === null) return {};
  if (!isRecord(input)) {
    throw new InvalidRiskLabelError(
      'labels',
      input,
      `an object with the keys ${RISK_LABEL_NAMES.join(', ')}`,
    );
  }
  const result: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(input)) {
    if (!isRiskLabelName(name)) {
      throw new InvalidRiskLabelError(
        name,
        raw,
        `one of the labels ${RISK_LABEL_NAMES.join(', ')}`,
      );
    }
    if (raw === undefined || raw === null) continue;
    let value: unknown = raw;
    let source: unknown = defaultSource;
    if (isRecord(raw)) {
      value = raw.value;
      source = raw.source ?? defaultSource;
      if (!(LABEL_SOURCES as readonly unknown[]).includes(source)) {
        throw new InvalidRiskLabelError(
          `${name}.source`,
          source,
          LABEL_SOURCES.join(', '),
        );
      }
      if (value === undefined || value === null) continue;
    }
    result[name] = { value: checkValue(name, value), source };
  }
  return result as LabeledChangeLabels;
}

/** Drops the sources of labeled values. */
export function unlabelChangeLabels(labels: LabeledChangeLabels): ChangeLabels {
  const result: Record<string, unknown> = {};
  for (const name of RISK_LABEL_NAMES) {
    const entry = labels[name];
    if (entry !== undefined) result[name] = entry.value;
  }
  return result as ChangeLabels;
}

/**
 * Parses risk labels from an object of plain or `{ value, source }` values
 * and returns the plain values. See parseLabeledChangeLabels.
 */
export function parseChangeLabels(input: unknown): ChangeLabels {
  return unlabelChangeLabels(parseLabeledChangeLabels(input));
}

/** Parses the value part of an SCM label string such as `component:M`. */
function parseStringValue(name: RiskLabelName, text: string): Value {
  const t = text.trim();
  if (name === 'component' || name === 'change') {
    const size = SIZES.find(s => s === t.toUpperCase());
    if (size === undefined) {
      throw new InvalidRiskLabelError(name, t, ALLOWED[name]);
    }
    return size as Size;
  }
  if (name === 'ft-coverage') {
    if (!/^\d{1,3}$/.test(t)) {
      throw new InvalidRiskLabelError(name, t, ALLOWED[name]);
    }
    return checkValue(name, Number(t));
  }
  const lower = t.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    throw new InvalidRiskLabelError(name, t, ALLOWED[name]);
  }
  return lower === 'true';
}

/**
 * Parses SCM label strings (`component:M`, `change:XL`, `ft-coverage:80`,
 * `functional:true`, `feature-toggle:false`), keeping each with `source`.
 * Labels that are not risk labels (`bug`, `hotfix-to/v1.2.3`, `team:core`)
 * are ignored. Sizes and booleans are case-insensitive. The same label
 * twice with different values is refused.
 */
export function parseLabeledLabelStrings(
  strings: readonly string[],
  source: LabelSource = 'scm',
): LabeledChangeLabels {
  const result: Record<string, { value: Value; source: LabelSource }> = {};
  for (const label of strings) {
    const colon = label.indexOf(':');
    if (colon < 0) continue;
    const name = label.slice(0, colon).trim().toLowerCase();
    if (!isRiskLabelName(name)) continue;
    const value = parseStringValue(name, label.slice(colon + 1));
    const previous = result[name];
    if (previous !== undefined && previous.value !== value) {
      throw new InvalidRiskLabelError(
        name,
        `${String(previous.value)} and ${String(value)}`,
        `a single value: ${ALLOWED[name]}`,
      );
    }
    result[name] = { value, source };
  }
  return result as LabeledChangeLabels;
}

/** Parses SCM label strings and returns the plain values. */
export function parseLabelStrings(strings: readonly string[]): ChangeLabels {
  return unlabelChangeLabels(parseLabeledLabelStrings(strings));
}
