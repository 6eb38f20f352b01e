/**
 * Risk labels from the SCM: the pull/merge request of a commit on GitHub
 * or GitLab, and the risk labels on it.
 */
export type { ScmChangeRequest, ScmLabelReader } from './ScmLabelReader';
export { DefaultScmLabelReader } from './DefaultScmLabelReader';
export type { DefaultScmLabelReaderOptions } from './DefaultScmLabelReader';
export { readScmLabels } from './readScmLabels';
export type { ScmLabels } from './readScmLabels';
export { LruCache } from './LruCache';
