import {
  compareSemVer,
  latestReleaseTag,
  parseSemVer,
  type Release,
} from '@releases-for-backstage/plugin-releases-common';

/**
 * The latest release as GitHub shows it: the newest final release by
 * SemVer precedence, never a prerelease, and not the newest tag by date
 * (a fix of an older line can be tagged after a newer release).
 */
export function latestFinalRelease(
  releases: readonly Release[],
  tagPrefix: string,
): Release | undefined {
  const latest = latestReleaseTag(
    releases.map(r => r.tag),
    tagPrefix,
  );
  return latest ? releases.find(r => r.tag === latest.tag) : undefined;
}

/**
 * Orders releases by SemVer precedence, newest first (for
 * `Array.prototype.sort`); a version that is not SemVer goes last.
 */
export function bySemVerDescending(
  a: Pick<Release, 'version'>,
  b: Pick<Release, 'version'>,
): number {
  const va = parseSemVer(a.version);
  const vb = parseSemVer(b.version);
  if (va && vb) return compareSemVer(vb, va);
  if (va) return -1;
  return vb ? 1 : 0;
}
