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
export { pullRequestBranch } from './publishers/changeRequests';
export {
  GithubPullRequestPublisher,
  parseGithubRepositoryUrl,
} from './publishers/GithubPullRequestPublisher';
export type { GithubPullRequestPublisherOptions } from './publishers/GithubPullRequestPublisher';
export {
  GitlabMergeRequestPublisher,
  parseGitlabRepositoryUrl,
} from './publishers/GitlabMergeRequestPublisher';
export type { GitlabMergeRequestPublisherOptions } from './publishers/GitlabMergeRequestPublisher';
export { ScmApiError } from './publishers/ScmApiError';
export { GithubApiError } from './publishers/GithubApiError';
export { GitlabApiError } from './publishers/GitlabApiError';
