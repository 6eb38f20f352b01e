/**
 * Product releases: tags of a product repository whose commit holds the
 * product manifest, read back and cut atomically.
 */
export { readProductReleases } from './readProductReleases';
export type {
  ProductRelease,
  ProductReleases,
  ReadProductReleasesOptions,
} from './readProductReleases';
export { cutProductRelease } from './cutProductRelease';
export type {
  CutProductReleaseOptions,
  CutProductReleaseResult,
  ProductReleaseIdentity,
} from './cutProductRelease';
export {
  ProductReleaseError,
  InvalidProductReleaseError,
  ProductReleaseConflictError,
} from './errors';
