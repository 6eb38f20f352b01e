/**
 * Releases for Backstage: the Releases tab of catalog entities (latest
 * release, next version, release history with changelogs), the
 * Environments card and Promotion tab of components, and the Environments
 * tab (product matrix) of systems.
 *
 * @packageDocumentation
 */
export {
  releasesPlugin,
  EntityDoraCard,
  EntityEnvironmentsCard,
  EntityProductMatrixContent,
  EntityProductReleasesContent,
  EntityPromotionContent,
  EntityReleasesContent,
  EntityReleasePickerContent,
  EntitySloCard,
} from './plugin';
export { isReleasesAvailable, isSystemEntity } from './conditions';
export type { EntityPromotionContentProps } from './components/EntityPromotionContent';
export { ChangelogView } from './components/ChangelogView';
export { StabilityChip } from './components/StabilityChip';
export type { StabilityChipProps } from './components/StabilityChip';
export type {
  ChangelogHeadingLevel,
  ChangelogViewProps,
} from './components/ChangelogView';
