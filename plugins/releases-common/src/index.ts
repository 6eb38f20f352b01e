/*
 * Isomorphic domain logic of Releases for Backstage: conventional commit
 * parsing, versioning presets, next-version and prerelease rules,
 * changelogs, Git ref-name rules and permissions. Pure: no I/O.
 */
export * from './types';
export * from './api';
export * from './errors';
export * from './semver';
export * from './refs';
export * from './permissions';
export {
  parseCommit,
  parseCommitMessage,
  parseFooterLine,
} from './commits/parseCommit';
export type { ParsedCommitMessage } from './commits/parseCommit';
export * from './presets';
export { computeNextVersion } from './versioning/nextVersion';
export type {
  ComputeNextVersionInput,
  NextVersion,
} from './versioning/nextVersion';
export {
  compareReleaseTags,
  highestPrerelease,
  latestReleaseTag,
  nextPrereleaseTag,
  parseReleaseTag,
  renderArtifactVersion,
} from './versioning/tags';
export type {
  ArtifactVersionValues,
  PrereleaseQuery,
  ReleaseTag,
} from './versioning/tags';
export {
  CHANGELOG_SECTION_TITLES,
  buildChangelog,
  normalizeRepoUrl,
} from './changelog/buildChangelog';
export type { BuildChangelogInput } from './changelog/buildChangelog';
export {
  renderChangelogMarkdown,
  writeChangelogMarkdown,
} from './changelog/renderMarkdown';
export * from './environments/environments';
export * from './promotions/stateMachine';
export * from './promotions/versionRules';
export * from './risk';
export * from './judgementApi';
export * from './windows';
export * from './products';
export * from './schema';
export * from './pipelines';
export * from './slo';
export * from './errorBudget';
export * from './dora';
export * from './stability';
export * from './quality';
