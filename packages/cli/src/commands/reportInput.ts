/*
 * Checks of what the pipeline commands send, made before any request so a
 * typo in a CI file fails the step at once, with the bad value named,
 * instead of as a 400 from the backend (or not at all).
 */
import {
  ChangeLabels,
  InvalidRiskLabelError,
  parseLabelStrings,
  RISK_LABEL_NAMES,
} from '@releases-for-backstage/plugin-releases-common';
import { UsageError } from '../errors';

// The catalog's rules (catalog-model's KubernetesValidatorFunctions), which
// the CLI does not depend on for three regular expressions.
const KIND = /^[a-zA-Z][a-zA-Z0-9]{0,62}$/;
const NAMESPACE = /^[a-z0-9]+(?:-+[a-z0-9]+)*$/;
const NAME = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Checks an entity reference with its kind (`component:cart` or
 * `component:default/cart`) and returns it in full, the way the backend
 * stores it: `component:default/cart`.
 */
export function parseEntityRefOption(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(
      'Missing --entity, e.g. --entity component:default/cart',
    );
  }
  const ref = value.trim();
  const match = /^([^:/]+):(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  const [, kind, namespace = 'default', name] = match ?? [];
  if (
    !match ||
    !KIND.test(kind) ||
    !NAMESPACE.test(namespace.toLowerCase()) ||
    namespace.length > 63 ||
    !NAME.test(name) ||
    name.length > 63
  ) {
    throw new UsageError(
      `--entity '${ref}' is not an entity reference: expected kind:namespace/name or kind:name, e.g. component:default/cart`,
    );
  }
  return `${kind.toLowerCase()}:${namespace.toLowerCase()}/${name}`;
}

/** A pull/merge request number (`12`, `#12`) or a commit sha (7 to 40 hex digits). */
export function parseChangeOption(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(
      'Missing --change, e.g. --change #12 or --change 816018a',
    );
  }
  const change = value.trim();
  if (!/^#?[1-9][0-9]*$/.test(change) && !/^[0-9a-f]{7,40}$/i.test(change)) {
    throw new UsageError(
      `--change '${change}' is neither a pull request number (12 or #12) nor a commit sha (7 to 40 hex digits)`,
    );
  }
  return change;
}

/**
 * Parses `--label` values, `name=value` or the SCM form `name:value`, into
 * risk labels. Unlike SCM labels, where `bug` or `team:core` are someone
 * else's, every `--label` must be a risk label: a misspelt one is refused.
 */
export function parseLabelOptions(values: readonly string[]): ChangeLabels {
  if (values.length === 0) {
    throw new UsageError(
      `Pass at least one --label, e.g. --label change=M; labels: ${RISK_LABEL_NAMES.join(
        ', ',
      )}`,
    );
  }
  const strings = values.map(label => {
    const at = label.search(/[=:]/);
    if (at < 0) {
      throw new UsageError(
        `--label '${label}' has no value: expected name=value or name:value, e.g. change=M`,
      );
    }
    const name = label.slice(0, at).trim().toLowerCase();
    if (!(RISK_LABEL_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(
        `--label '${label}': unknown risk label '${name}'; labels: ${RISK_LABEL_NAMES.join(
          ', ',
        )}`,
      );
    }
    return `${name}:${label.slice(at + 1)}`;
  });
  try {
    return parseLabelStrings(strings);
  } catch (error) {
    if (error instanceof InvalidRiskLabelError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

/** Checks a value against a fixed list; the message lists the allowed ones. */
export function parseChoice<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
): T {
  if (value === undefined) {
    throw new UsageError(`Missing ${option}; one of: ${allowed.join(', ')}`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(
      `${option} '${value}' is invalid; one of: ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

/** A release version or its tag: `1.4.0`, `1.4.0-rc.2`, `v1.4.0`, `cart-v1.4.0`. */
export function parseVersionOption(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError('Missing --version, e.g. --version 1.4.0');
  }
  const version = value.trim();
  if (
    !/^\S*?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(
      version,
    )
  ) {
    throw new UsageError(
      `--version '${version}' is neither a release version nor a release tag, e.g. 1.4.0, 1.4.0-rc.2 or v1.4.0`,
    );
  }
  return version;
}

/** An optional http(s) URL, such as the CI run's page. */
export function parseUrlOption(
  option: string,
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`${option} '${value}' is not an http or https URL`);
  }
  return value;
}

/** An optional free-text value that, when given, must not be blank. */
export function parseTextOption(
  option: string,
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`${option} is empty`);
  return value.trim();
}
