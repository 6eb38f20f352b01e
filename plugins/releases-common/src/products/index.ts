/*
 * Products (catalog `System`s): the product manifest, the product version
 * rule and the bundled product changelog. Pure: no I/O.
 */
export {
  InvalidProductManifestError,
  parseProductManifest,
  serializeProductManifest,
  validateProductManifest,
} from './manifest';
export type { ProductComponent, ProductManifest } from './manifest';
export { compareManifests, nextProductVersion } from './nextProductVersion';
export type {
  ComponentBump,
  ComponentChange,
  ComponentChangeKind,
  NextProductVersion,
  NextProductVersionInput,
} from './nextProductVersion';
export {
  bundleChangelog,
  renderProductChangelogMarkdown,
} from './bundleChangelog';
export type {
  BundleChangelogComponent,
  BundleChangelogInput,
  ProductChangelog,
  ProductChangelogComponent,
} from './bundleChangelog';
export type {
  CreateProductPromotionRequest,
  ProductEnvironment,
  ProductEnvironmentsResponse,
  ProductPromotion,
  ProductPromotionMember,
  ProductPromotionState,
  ProductPromotionsResponse,
} from './productPromotionApi';
export type {
  CutProductReleaseResponse,
  NextProductReleaseResponse,
  ProductRelease,
  ProductReleasesResponse,
} from './productReleaseApi';
