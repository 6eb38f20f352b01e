export { ChangelogView, countChanges, orderedSections } from './ChangelogView';
export type {
  ChangelogHeadingLevel,
  ChangelogViewProps,
} from './ChangelogView';
