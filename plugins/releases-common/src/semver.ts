/*
 * A small, dependency-free implementation of Semantic Versioning 2.0.0
 * (https://semver.org): strict parsing, precedence and increments. Written
 * by hand, without a grammar regex, so parsing is a single linear pass and
 * the package stays free of runtime dependencies (it ships to the browser).
 */
import { InvalidVersionError } from './errors';
import type { Bump } from './types';

/** A parsed semantic version. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated prerelease identifiers, e.g. `['rc', '2']`; empty for a release. */
  prerelease: string[];
  /** Build metadata identifiers; ignored for precedence. */
  build: string[];
}

const IDENTIFIER_CHARS = /^[0-9A-Za-z-]+$/;
const DIGITS = /^[0-9]+$/;

function parseNumericPart(part: string): number | null {
  if (!DIGITS.test(part)) return null;
  // SemVer forbids leading zeros in numeric identifiers.
  if (part.length > 1 && part[0] === '0') return null;
  const n = Number(part);
  // Beyond 2^53 numbers stop being exact, so precedence would be wrong.
  return Number.isSafeInteger(n) ? n : null;
}

function parseIdentifiers(text: string, numericRule: boolean): string[] | null {
  const ids = text.split('.');
  for (const id of ids) {
    if (!IDENTIFIER_CHARS.test(id)) return null;
    if (numericRule && DIGITS.test(id) && id.length > 1 && id[0] === '0') {
      return null;
    }
  }
  return ids;
}

/** Parses a strict SemVer 2.0.0 string (no `v` prefix); `null` when invalid. */
export function parseSemVer(version: string): SemVer | null {
  if (typeof version !== 'string' || version.length === 0) return null;
  let rest = version;
  let build: string[] = [];
  const plus = rest.indexOf('+');
  if (plus !== -1) {
    const ids = parseIdentifiers(rest.slice(plus + 1), false);
    if (!ids) return null;
    build = ids;
    rest = rest.slice(0, plus);
  }
  let prerelease: string[] = [];
  // The core `X.Y.Z` has no hyphen, so the first one starts the prerelease.
  const dash = rest.indexOf('-');
  if (dash !== -1) {
    const ids = parseIdentifiers(rest.slice(dash + 1), true);
    if (!ids) return null;
    prerelease = ids;
    rest = rest.slice(0, dash);
  }
  const core = rest.split('.');
  if (core.length !== 3) return null;
  const [major, minor, patch] = core.map(parseNumericPart);
  if (major === null || minor === null || patch === null) return null;
  return { major, minor, patch, prerelease, build };
}

/** True when `version` is a strict SemVer 2.0.0 string. */
export function isValidSemVer(version: string): boolean {
  return parseSemVer(version) !== null;
}

/** Formats a version back to its canonical string. */
export function formatSemVer(version: SemVer): string {
  let out = `${version.major}.${version.minor}.${version.patch}`;
  if (version.prerelease.length > 0) out += `-${version.prerelease.join('.')}`;
  if (version.build.length > 0) out += `+${version.build.join('.')}`;
  return out;
}

function toSemVer(version: string | SemVer): SemVer {
  if (typeof version !== 'string') return version;
  const parsed = parseSemVer(version);
  if (!parsed) throw new InvalidVersionError(version);
  return parsed;
}

function compareNumbers(a: number, b: number): -1 | 0 | 1 {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareIdentifiers(a: string, b: string): -1 | 0 | 1 {
  const aNum = DIGITS.test(a);
  const bNum = DIGITS.test(b);
  if (aNum && bNum) {
    // No leading zeros, so the longer number is the larger one; this stays
    // exact for identifiers beyond Number.MAX_SAFE_INTEGER.
    if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  } else if (aNum !== bNum) {
    // Numeric identifiers have lower precedence than alphanumeric ones.
    return aNum ? -1 : 1;
  }
  if (a === b) return 0;
  // ASCII order, as the spec asks ("compared lexically in ASCII sort order").
  return a < b ? -1 : 1;
}

/**
 * Compares two versions by SemVer precedence: -1, 0 or 1. Build metadata is
 * ignored. Throws `InvalidVersionError` for an invalid version string.
 */
export function compareSemVer(
  a: string | SemVer,
  b: string | SemVer,
): -1 | 0 | 1 {
  const va = toSemVer(a);
  const vb = toSemVer(b);
  const core =
    compareNumbers(va.major, vb.major) ||
    compareNumbers(va.minor, vb.minor) ||
    compareNumbers(va.patch, vb.patch);
  if (core !== 0) return core;
  const pa = va.prerelease;
  const pb = vb.prerelease;
  // A release has higher precedence than any of its prereleases.
  if (pa.length === 0 || pb.length === 0) {
    return compareNumbers(pb.length, pa.length);
  }
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifiers(pa[i], pb[i]);
    if (c !== 0) return c;
  }
  // A larger set of prerelease fields wins when all preceding ones are equal.
  return compareNumbers(pa.length, pb.length);
}

/**
 * Increments a version. Follows npm `semver.inc`: a prerelease is finished
 * rather than skipped (`1.3.0-rc.2` + patch = `1.3.0`, + minor = `1.3.0`,
 * `2.0.0-rc.1` + major = `2.0.0`), so bumping from a prerelease never jumps
 * over the version it was preparing. Build metadata is dropped.
 */
export function incSemVer(version: string | SemVer, bump: Bump): string {
  const v = toSemVer(version);
  const pre = v.prerelease.length > 0;
  let { major, minor, patch } = v;
  switch (bump) {
    case 'major':
      if (!(pre && minor === 0 && patch === 0)) major += 1;
      minor = 0;
      patch = 0;
      break;
    case 'minor':
      if (!(pre && patch === 0)) minor += 1;
      patch = 0;
      break;
    case 'patch':
      if (!pre) patch += 1;
      break;
    default:
      throw new InvalidVersionError(String(bump), 'is not a version increment');
  }
  return `${major}.${minor}.${patch}`;
}

/**
 * The largest field that differs between two versions, as the increment
 * that leads from `from` to `to`; `null` when they share major, minor and
 * patch.
 */
export function diffSemVer(
  from: string | SemVer,
  to: string | SemVer,
): Bump | null {
  const a = toSemVer(from);
  const b = toSemVer(to);
  if (a.major !== b.major) return 'major';
  if (a.minor !== b.minor) return 'minor';
  if (a.patch !== b.patch) return 'patch';
  return null;
}
