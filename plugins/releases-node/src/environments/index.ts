export {
  EnvironmentRepository,
  ENVIRONMENT_FILE,
} from './EnvironmentRepository';
export type {
  ComponentDeployment,
  EnvironmentFile,
  EnvironmentRepositoryOptions,
} from './EnvironmentRepository';
export { EnvironmentBranchBusyError } from './EnvironmentBranchPublisher';
export type {
  EnvironmentBranchPublisher,
  EnvironmentBranchUpdate,
  EnvironmentCommit,
  PreparedEnvironmentCommit,
} from './EnvironmentBranchPublisher';
export { DirectBranchPublisher } from './publishers/DirectBranchPublisher';
export type { DirectBranchPublisherOptions } from './publishers/DirectBranchPublisher';
export {
  GithubPullRequestPublisher,
  parseGithubRepositoryUrl,
  pullRequestBranch,
} from './publishers/GithubPullRequestPublisher';
export type { GithubPullRequestPublisherOptions } from './publishers/GithubPullRequestPublisher';
export { GithubApiError } from './publishers/GithubApiError';
