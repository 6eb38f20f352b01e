/*
 * The version rule of products: the next product version follows from how
 * its components moved since the last product release. The highest
 * component bump wins, compared literally on the version numbers (a 0.x
 * component going 0.3.0 -> 0.4.0 is a minor bump, whatever its commits
 * said); a component added, removed or downgraded is at least minor.
 */
import { InvalidVersionError } from '../errors';
import { maxBump } from '../presets/preset';
import { compareSemVer, diffSemVer, incSemVer, parseSemVer } from '../semver';
import type { Bump } from '../types';
import { compareNames, validateProductManifest } from './manifest';
import type { ProductComponent, ProductManifest } from './manifest';

/** How far a component's version moved: its highest changed field. */
export type ComponentBump = 'major' | 'minor' | 'patch' | 'prerelease';

/** What happened to a component between two manifests. */
export type ComponentChangeKind =
  | 'added'
  | 'removed'
  | 'changed'
  | 'downgraded'
  | 'unchanged';

export interface ComponentChange {
  name: string;
  /** Version in the previous manifest; `null` when added. */
  from: string | null;
  /** Version in the next manifest; `null` when removed. */
  to: string | null;
  /**
   * The highest field that differs between `from` and `to` (for a
   * downgrade too); `prerelease` when only the prerelease part does;
   * `null` when added, removed or the same version.
   */
  bump: ComponentBump | null;
  change: ComponentChangeKind;
}

function literalBump(from: string, to: string): ComponentBump | null {
  const core = diffSemVer(from, to);
  if (core) return core;
  const a = parseSemVer(from)!;
  const b = parseSemVer(to)!;
  return a.prerelease.join('.') === b.prerelease.join('.')
    ? null
    : 'prerelease';
}

function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/**
 * Compares two manifests component by component, sorted by name. With no
 * previous manifest every component is `added`.
 */
export function compareManifests(
  previous: ProductManifest | null,
  next: ProductManifest,
): ComponentChange[] {
  const before = previous?.components ?? {};
  const after = next.components;
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names.sort(compareNames).map((name): ComponentChange => {
    const from = own(before, name)?.version ?? null;
    const to = own(after, name)?.version ?? null;
    if (from === null) return { name, from, to, bump: null, change: 'added' };
    if (to === null) return { name, from, to, bump: null, change: 'removed' };
    const bump = literalBump(from, to);
    if (compareSemVer(to, from) < 0) {
      return { name, from, to, bump, change: 'downgraded' };
    }
    // Versions that differ only in build metadata are different artifacts.
    const change = bump || from !== to ? 'changed' : 'unchanged';
    return { name, from, to, bump, change };
  });
}

/** What a component change asks of the product version; `null` for none. */
function productBumpOf(c: ComponentChange): Bump | null {
  switch (c.change) {
    case 'unchanged':
      return null;
    case 'added':
    case 'removed':
      return 'minor';
    case 'downgraded':
      return maxBump('minor', c.bump === 'major' ? 'major' : null);
    default:
      // A prerelease moving on (rc.1 -> rc.2, rc -> final) is a patch of the product.
      return c.bump === null || c.bump === 'prerelease' ? 'patch' : c.bump;
  }
}

function reasonOf(c: ComponentChange): string {
  switch (c.change) {
    case 'added':
      return `${c.name} added at ${c.to}: at least minor`;
    case 'removed':
      return `${c.name} ${c.from} removed: at least minor`;
    case 'downgraded':
      return `${c.name} ${c.from} -> ${c.to}: downgraded, ${
        c.bump === 'major' ? 'major' : 'at least minor'
      }`;
    default:
      if (c.bump === 'prerelease') {
        return `${c.name} ${c.from} -> ${c.to}: prerelease, a patch of the product`;
      }
      return `${c.name} ${c.from} -> ${c.to}: ${c.bump ?? 'patch'}`;
  }
}

export interface NextProductVersionInput {
  /** Product name; defaults to the previous manifest's. */
  product?: string;
  /** The latest product release; `null` before the first one. */
  previous: { version: string; manifest: ProductManifest } | null;
  /** The components the next product version is made of. */
  components: Record<string, ProductComponent>;
  /** Version of the first product release (default `1.0.0`). */
  initialVersion?: string;
  /**
   * Prerelease identifier (e.g. `rc`): the next version is then
   * `X.Y.Z-<preid>.N`, N one above the highest of that version among
   * `previous` and `existingVersions`. Needed when a component is a prerelease.
   */
  preid?: string;
  /** Product versions already released, for the next prerelease number. */
  existingVersions?: readonly string[];
}

export interface NextProductVersion {
  /** `null` when no component changed: there is nothing to release. */
  version: string | null;
  previousVersion: string | null;
  /** The increment the components ask for; `null` for a first release or nothing to release. */
  bump: Bump | null;
  /** Which components decided the bump, e.g. `checkout 2.7.1 -> 3.0.0: major`. */
  reasons: string[];
  changes: ComponentChange[];
  /** The manifest of the next version; `null` when there is nothing to release. */
  manifest: ProductManifest | null;
}

const NUMERIC = /^(0|[1-9][0-9]*)$/;

function withPreid(
  core: string,
  preid: string,
  known: readonly string[],
): string {
  if (!/^[0-9A-Za-z-]+$/.test(preid) || /^[0-9]+$/.test(preid)) {
    throw new InvalidVersionError(
      preid,
      'is not a prerelease identifier (letters, digits and hyphens, not only digits)',
    );
  }
  let highest = 0;
  for (const version of known) {
    const v = parseSemVer(version);
    if (
      v &&
      `${v.major}.${v.minor}.${v.patch}` === core &&
      v.prerelease.length === 2 &&
      v.prerelease[0] === preid &&
      NUMERIC.test(v.prerelease[1])
    ) {
      highest = Math.max(highest, Number(v.prerelease[1]));
    }
  }
  return `${core}-${preid}.${highest + 1}`;
}

/**
 * The next product version for a set of component versions. Throws
 * `InvalidProductManifestError` when the components (or the manifest they
 * make) are not valid, naming the field, and `InvalidVersionError` for a bad
 * previous or initial version or prerelease identifier.
 */
export function nextProductVersion(
  input: NextProductVersionInput,
): NextProductVersion {
  const { previous, preid } = input;
  const product = input.product ?? previous?.manifest.product;
  if (previous && !parseSemVer(previous.version)) {
    throw new InvalidVersionError(previous.version);
  }
  // Checked under a prerelease version, so each component's own problems
  // are named first; whether a prerelease may be in it is checked last.
  const draft = validateProductManifest({
    product,
    version: '0.0.0-draft',
    components: input.components,
  });
  const previousManifest = previous
    ? validateProductManifest(previous.manifest)
    : null;
  const changes = compareManifests(previousManifest, draft);
  const finish = (version: string, bump: Bump | null, reasons: string[]) => ({
    version,
    previousVersion: previous?.version ?? null,
    bump,
    reasons,
    changes,
    manifest: validateProductManifest({ ...draft, version }),
  });

  if (!previous) {
    const initial = input.initialVersion ?? '1.0.0';
    const v = parseSemVer(initial);
    if (!v) throw new InvalidVersionError(initial);
    const version =
      preid !== undefined && v.prerelease.length === 0
        ? withPreid(initial, preid, input.existingVersions ?? [])
        : initial;
    const n = changes.length;
    return finish(version, null, [
      `first release of ${draft.product}: ${n} component${n === 1 ? '' : 's'}`,
    ]);
  }

  let bump: Bump | null = null;
  for (const c of changes) bump = maxBump(bump, productBumpOf(c));
  if (bump === null) {
    return {
      version: null,
      previousVersion: previous.version,
      bump: null,
      reasons: [`no component changed since ${previous.version}`],
      changes,
      manifest: null,
    };
  }
  const reasons = changes.filter(c => productBumpOf(c) === bump).map(reasonOf);
  const core = incSemVer(previous.version, bump);
  const version =
    preid === undefined
      ? core
      : withPreid(core, preid, [
          previous.version,
          ...(input.existingVersions ?? []),
        ]);
  return finish(version, bump, reasons);
}
