/**
 * Releases for Backstage: the Releases tab of catalog entities (latest
 * release, next version, release history with changelogs).
 *
 * @packageDocumentation
 */
export { releasesPlugin, EntityReleasesContent } from './plugin';
export { isReleasesAvailable } from './conditions';
export { ChangelogView } from './components/ChangelogView';
export type {
  ChangelogHeadingLevel,
  ChangelogViewProps,
} from './components/ChangelogView';
