import {
  WIP_VERSION,
  compareSemVer,
  parseReleaseTag,
  parseSemVer,
} from '@releases-for-backstage/plugin-releases-common';

/** A semantic version at the end of a tag name, after any prefix. */
const TRAILING_SEMVER =
  /(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

/**
 * The semantic version an environment runs, from the tag it reports
 * (`v1.4.0-rc.2`, `cart-v1.4.0`, or a bare `1.4.0`). `null` for `WIP`, for
 * nothing deployed and for anything that is not a release tag. With the
 * entity's tag prefix the tag is read exactly; without it, the version is
 * taken from the end of the name.
 */
export function deployedSemVer(
  version: string | null,
  tagPrefix?: string,
): string | null {
  if (!version || version === WIP_VERSION) return null;
  if (tagPrefix !== undefined) {
    const tag = parseReleaseTag(version, tagPrefix);
    if (tag) return tag.version;
  }
  const match = TRAILING_SEMVER.exec(version);
  return match && parseSemVer(match[1]) ? match[1] : null;
}

/**
 * Orders two deployed versions by SemVer precedence, or `null` when either
 * is not a release (nothing deployed, `WIP`, an unknown tag): branch heads
 * have no order.
 */
export function compareDeployed(
  a: string | null,
  b: string | null,
  tagPrefix?: string,
): -1 | 0 | 1 | null {
  const va = deployedSemVer(a, tagPrefix);
  const vb = deployedSemVer(b, tagPrefix);
  return va && vb ? compareSemVer(va, vb) : null;
}
