import {
  compareSemVer,
  parseProductManifest,
  parseReleaseTag,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  ProductManifest,
  ProductRelease,
} from '@releases-for-backstage/plugin-releases-common';

export type { ProductRelease };
import type { GitRepository } from '../git/GitRepository';
import { runGit } from '../git/runGit';
import { InvalidProductReleaseError } from './errors';

export interface ReadProductReleasesOptions {
  /** Tag prefix of the product (default `v`). */
  tagPrefix?: string;
  /** Path of the manifest in the repository (default `product.yaml`). */
  manifestPath?: string;
}

export interface ProductReleases {
  /** Newest first, by SemVer precedence. */
  releases: ProductRelease[];
  /** Release tags that are not product releases, and why. */
  skipped: { tag: string; reason: string }[];
}

/** Refuses paths that could leave the repository or read as an option. */
export function checkManifestPath(path: string): string {
  if (
    typeof path !== 'string' ||
    !path ||
    path.startsWith('/') ||
    path.startsWith('-') ||
    path.includes(':') ||
    path.split('/').some(p => p === '' || p === '.' || p === '..')
  ) {
    throw new InvalidProductReleaseError(
      `manifest path '${path}' must be a relative path inside the repository`,
    );
  }
  return path;
}

function byName(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

// Reading a manifest is one short git process; a few at a time keeps many tags quick.
const PARALLEL = 8;

/**
 * Reads the product releases of a product repository: every tag of the
 * prefix whose version is SemVer, with the manifest at that tag. A tag
 * without a valid manifest of its own version is not a release; it is
 * listed in `skipped` with the reason, never thrown.
 */
export async function readProductReleases(
  repo: GitRepository,
  options: ReadProductReleasesOptions = {},
): Promise<ProductReleases> {
  const prefix = options.tagPrefix ?? 'v';
  const path = checkManifestPath(options.manifestPath ?? 'product.yaml');
  const tags = (await repo.listTags()).flatMap(t => {
    const release = parseReleaseTag(t.name, prefix);
    return release ? [{ ...t, version: release.version }] : [];
  });

  const results: (
    | { release: ProductRelease }
    | { skipped: { tag: string; reason: string } }
  )[] = [];
  for (let i = 0; i < tags.length; i += PARALLEL) {
    const batch = tags.slice(i, i + PARALLEL);
    results.push(
      ...(await Promise.all(
        batch.map(async t => {
          const { stdout, exitCode } = await runGit(
            ['cat-file', 'blob', `${t.sha}:${path}`],
            { cwd: repo.dir, config: repo.config, okExitCodes: [128] },
          );
          if (exitCode !== 0) {
            return {
              skipped: {
                tag: t.name,
                reason: `no ${path} in the tagged commit`,
              },
            };
          }
          let manifest: ProductManifest;
          try {
            manifest = parseProductManifest(stdout);
          } catch (error) {
            return {
              skipped: { tag: t.name, reason: (error as Error).message },
            };
          }
          if (manifest.version !== t.version) {
            return {
              skipped: {
                tag: t.name,
                reason: `${path} is of version ${manifest.version}, the tag of ${t.version}`,
              },
            };
          }
          return {
            release: {
              tag: t.name,
              version: t.version,
              sha: t.sha,
              date: t.date,
              manifest,
            },
          };
        }),
      )),
    );
  }

  const releases: ProductRelease[] = [];
  const skipped: { tag: string; reason: string }[] = [];
  for (const r of results) {
    if ('release' in r) releases.push(r.release);
    else skipped.push(r.skipped);
  }
  releases.sort(
    (a, b) => compareSemVer(b.version, a.version) || byName(a.tag, b.tag),
  );
  skipped.sort((a, b) => byName(a.tag, b.tag));
  return { releases, skipped };
}
