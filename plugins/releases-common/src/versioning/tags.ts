/*
 * Release tags (`<prefix><semver>`, e.g. `v1.4.0`, `cart-v1.4.0-rc.2`) and
 * the version rules built on them: which tag is the latest release, which
 * release candidate comes next, and how artifact versions are rendered.
 */
import { InvalidTemplateError, InvalidVersionError } from '../errors';
import { compareSemVer, parseSemVer } from '../semver';
import type { SemVer } from '../semver';

/** A tag that names a release: the prefix followed by a strict semantic version. */
export interface ReleaseTag {
  tag: string;
  /** Version without the prefix, e.g. `1.4.0-rc.2`. */
  version: string;
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  isPrerelease: boolean;
}

/** Reads a release tag; `null` unless it is `prefix` + a strict semantic version. */
export function parseReleaseTag(
  tagName: string,
  prefix = 'v',
): ReleaseTag | null {
  if (!tagName.startsWith(prefix)) return null;
  const version = tagName.slice(prefix.length);
  const v = parseSemVer(version);
  if (!v) return null;
  return {
    tag: tagName,
    version,
    major: v.major,
    minor: v.minor,
    patch: v.patch,
    prerelease: v.prerelease,
    isPrerelease: v.prerelease.length > 0,
  };
}

/** Orders release tags by version precedence (for `Array.prototype.sort`). */
export function compareReleaseTags(a: ReleaseTag, b: ReleaseTag): number {
  return compareSemVer(a.version, b.version);
}

function highest(tags: ReleaseTag[]): ReleaseTag | null {
  let best: ReleaseTag | null = null;
  for (const t of tags) {
    if (!best || compareReleaseTags(t, best) > 0) best = t;
  }
  return best;
}

function releaseTags(tags: readonly string[], prefix: string): ReleaseTag[] {
  const out: ReleaseTag[] = [];
  for (const name of tags) {
    const t = parseReleaseTag(name, prefix);
    if (t) out.push(t);
  }
  return out;
}

/**
 * The highest release tag among `tags` (by SemVer precedence, not by date);
 * prereleases only count with `includePrereleases`. Tags of other prefixes
 * and non-semver tags are ignored.
 */
export function latestReleaseTag(
  tags: readonly string[],
  prefix = 'v',
  options: { includePrereleases?: boolean } = {},
): ReleaseTag | null {
  return highest(
    releaseTags(tags, prefix).filter(
      t => options.includePrereleases || !t.isPrerelease,
    ),
  );
}

/** A final `X.Y.Z` version, as release candidates are cut for. */
function targetVersion(version: string): SemVer {
  const v = parseSemVer(version);
  if (!v) throw new InvalidVersionError(version);
  if (v.prerelease.length > 0 || v.build.length > 0) {
    throw new InvalidVersionError(version, 'is not a final version (X.Y.Z)');
  }
  return v;
}

function sameCore(t: ReleaseTag, v: SemVer): boolean {
  return t.major === v.major && t.minor === v.minor && t.patch === v.patch;
}

export interface PrereleaseQuery {
  /** The final version the prereleases prepare, e.g. `1.3.0`. */
  version: string;
  existingTags: readonly string[];
  /** Tag prefix (default `v`). */
  prefix?: string;
  /** Prerelease identifier, e.g. `rc`; for `highestPrerelease`, any when omitted. */
  preid?: string;
}

/**
 * The highest prerelease tag of exactly `version` (e.g. `v1.3.0-rc.2` for
 * `1.3.0`), optionally of one identifier; `null` when there is none. This is
 * the candidate a production release of `version` is made from.
 */
export function highestPrerelease(query: PrereleaseQuery): ReleaseTag | null {
  const target = targetVersion(query.version);
  return highest(
    releaseTags(query.existingTags, query.prefix ?? 'v').filter(
      t =>
        t.isPrerelease &&
        sameCore(t, target) &&
        (query.preid === undefined || t.prerelease[0] === query.preid),
    ),
  );
}

const NUMERIC = /^(0|[1-9][0-9]*)$/;

/**
 * The next prerelease tag of `version`: `<prefix><version>-<preid>.N` with N
 * one above the highest existing N for exactly that version and identifier,
 * starting at 1. Candidates of other versions do not count, and the version
 * itself never changes, whatever the tags say.
 */
export function nextPrereleaseTag(query: PrereleaseQuery): string {
  const target = targetVersion(query.version);
  const prefix = query.prefix ?? 'v';
  const preid = query.preid ?? 'rc';
  if (!/^[0-9A-Za-z-]+$/.test(preid) || /^[0-9]+$/.test(preid)) {
    throw new InvalidVersionError(
      preid,
      'is not a prerelease identifier (letters, digits and hyphens, not only digits)',
    );
  }
  let highestN = 0;
  for (const t of releaseTags(query.existingTags, prefix)) {
    if (
      sameCore(t, target) &&
      t.prerelease.length === 2 &&
      t.prerelease[0] === preid &&
      NUMERIC.test(t.prerelease[1])
    ) {
      highestN = Math.max(highestN, Number(t.prerelease[1]));
    }
  }
  return `${prefix}${target.major}.${target.minor}.${target.patch}-${preid}.${
    highestN + 1
  }`;
}

export interface ArtifactVersionValues {
  /** Module (component) name, for `<module>`. */
  module?: string;
  /** Semantic version, for `<version>`, `<major>`, `<minor>`, `<patch>`, `<prerelease>`. */
  version: string;
  /** Commit id, for `<sha>` (first 7 characters) and `<fullsha>`. */
  sha?: string;
}

const PLACEHOLDER = /<([^<>]*)>/g;
const PLACEHOLDERS = [
  'module',
  'major',
  'minor',
  'patch',
  'prerelease',
  'version',
  'sha',
  'fullsha',
];

/**
 * Renders an artifact version template such as
 * `<module>-<major>-<minor>-<patch>-<sha>`. Throws `InvalidTemplateError` for
 * an unknown placeholder or one whose value is missing, and
 * `InvalidVersionError` for an invalid version.
 */
export function renderArtifactVersion(
  template: string,
  values: ArtifactVersionValues,
): string {
  const v = parseSemVer(values.version);
  if (!v) throw new InvalidVersionError(values.version);
  const need = (name: string, value: string | undefined): string => {
    if (!value)
      throw new InvalidTemplateError(
        template,
        `<${name}> needs a value, and none was given`,
      );
    return value;
  };
  const sha = (): string => {
    const s = need('sha', values.sha);
    if (!/^[0-9a-f]{7,64}$/i.test(s)) {
      throw new InvalidTemplateError(template, `'${s}' is not a commit id`);
    }
    return s.toLowerCase();
  };
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    switch (name) {
      case 'module':
        return need('module', values.module);
      case 'major':
        return String(v.major);
      case 'minor':
        return String(v.minor);
      case 'patch':
        return String(v.patch);
      case 'prerelease':
        return v.prerelease.join('.');
      case 'version':
        return values.version;
      case 'sha':
        return sha().slice(0, 7);
      case 'fullsha':
        return sha();
      default:
        throw new InvalidTemplateError(
          template,
          `unknown placeholder <${name}>; known placeholders are ${PLACEHOLDERS.map(
            p => `<${p}>`,
          ).join(', ')}`,
        );
    }
  });
}
