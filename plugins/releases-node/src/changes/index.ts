/**
 * Changes of a range and the risk labels Git can tell about them: commits
 * grouped into pull/merge requests, their size and functional nature, and
 * the merge of labels from pipelines, the SCM and Git.
 */
export { groupCommitsIntoChanges } from './groupCommitsIntoChanges';
export type { Change, ChangeCommit } from './groupCommitsIntoChanges';
export {
  computeGitLabels,
  computeComponentSize,
  countTrackedFiles,
  sizeOfChange,
  sizeOfComponent,
  DEFAULT_CHANGE_SIZE_THRESHOLDS,
  DEFAULT_COMPONENT_SIZE_THRESHOLDS,
  FUNCTIONAL_COMMIT_TYPES,
  NON_FUNCTIONAL_COMMIT_TYPES,
} from './gitLabels';
export type {
  ChangeDiffStats,
  ChangeSizeThresholds,
  ComponentSizeOptions,
  ComputeGitLabelsOptions,
  GitLabels,
  SizeThresholds,
} from './gitLabels';
export {
  mergeLabelSources,
  LABEL_SOURCE_PRECEDENCE,
} from './mergeLabelSources';
