/*
 * Shapes of the product release API: a System's product releases, the
 * next one, and a cut. Shared by the backend, the frontend client and
 * the node package that reads them from Git.
 */
import type { Bump } from '../types';
import type { ProductChangelog } from './bundleChangelog';
import type { ProductManifest } from './manifest';
import type { ComponentChange } from './nextProductVersion';

/** A product release: a tag whose commit holds a valid manifest of its version. */
export interface ProductRelease {
  /** `v3.4.0` */
  tag: string;
  /** `3.4.0` */
  version: string;
  /** The tagged commit. */
  sha: string;
  /** Tagger date of an annotated tag, committer date of a lightweight one (ISO 8601). */
  date: string;
  manifest: ProductManifest;
}

/** Answer of `GET /products/releases`. */
export interface ProductReleasesResponse {
  /** `system:default/shop` */
  system: string;
  /** Newest first. */
  releases: ProductRelease[];
  /** Release tags that are not product releases, and why. */
  skipped: { tag: string; reason: string }[];
}

/** Answer of `GET /products/next`. */
export interface NextProductReleaseResponse {
  system: string;
  previous: { version: string; tag: string } | null;
  /** `null` when no component changed: there is nothing to release. */
  next: {
    version: string;
    bump: Bump | null;
    reasons: string[];
    changes: ComponentChange[];
    manifest: ProductManifest;
  } | null;
  /** Why this version, or why there is none (`no component changed since v1.0.0`). */
  reasons: string[];
  changelog: ProductChangelog | null;
  markdown: string | null;
}

/** Answer of `POST /products/releases`. */
export interface CutProductReleaseResponse {
  system: string;
  tag: string;
  version: string;
  sha: string;
  branch: string;
  previous: { version: string; tag: string } | null;
  manifest: ProductManifest;
  changelog: ProductChangelog;
  markdown: string;
  /** Who cut it. */
  by: string;
}
