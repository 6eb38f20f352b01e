/**
 * Hotfixes: a fix from the main line cherry-picked onto a release's branch
 * and tagged as its next patch, and the branch's fixes main lacks.
 */
export { cutHotfix } from './cutHotfix';
export type {
  CutHotfixOptions,
  CutHotfixResult,
  HotfixIdentity,
} from './cutHotfix';
export { fixesNotOnMain } from './fixesNotOnMain';
export type { FixNotOnMain, FixesNotOnMainOptions } from './fixesNotOnMain';
export { prependChangelogSection } from './changelogFile';
export {
  HotfixError,
  InvalidHotfixTargetError,
  InvalidHotfixRequestError,
  HotfixBranchError,
  HotfixConflictError,
  HotfixAlreadyAppliedError,
  HotfixRaceError,
} from './errors';
