/**
 * Git access for the CLI and the backend: one `git log` for history, one
 * `git for-each-ref` for tags, validated revisions, argument arrays only.
 * This entry point does not load the backend system, so the CLI starts fast.
 */
export {
  GitRepository,
  assertSafeRevision,
  parseLogOutput,
} from './GitRepository';
export type { GitTag } from './GitRepository';
export { RepositoryLocator, isRemoteLocation } from './RepositoryLocator';
export type {
  GitCredentialsProvider,
  RepositoryLocatorOptions,
} from './RepositoryLocator';
export { runGit, GitCommandError } from './runGit';
export type { RunGitOptions, RunGitResult } from './runGit';
export {
  RepositoryNotFoundError,
  UnknownRefError,
  InvalidRevisionError,
  TagConflictError,
} from './errors';
export {
  readUnreleased,
  readReleases,
  NotAReleaseTagError,
} from '../history/readReleaseState';
export type {
  ReleaseRules,
  UnreleasedState,
} from '../history/readReleaseState';
