import type {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  GithubPullRequestPublisher,
  GitlabMergeRequestPublisher,
  parseGithubRepositoryUrl,
  parseGitlabRepositoryUrl,
  type EnvironmentBranchPublisher,
} from '@releases-for-backstage/plugin-releases-node';

/** Picks the publisher for a remote environment repository; undefined: a direct push. */
export type EnvironmentPublisherFactory = (
  location: string,
) => EnvironmentBranchPublisher | undefined;

/** Locations a review flow can be driven for: SSH remotes have no integration to take a token from. */
function reviewable(options: {
  pullRequests: boolean;
  location: string;
}): boolean {
  return options.pullRequests && /^https?:\/\//.test(options.location);
}

/**
 * Where the pull requests of an environment repository go: set when the
 * URL belongs to a GitHub integration and pull requests are not turned off.
 */
export function githubPullRequestTarget(options: {
  integrations: ScmIntegrationRegistry;
  pullRequests: boolean;
  location: string;
}): { owner: string; repo: string; apiBaseUrl: string } | undefined {
  const { location } = options;
  if (!reviewable(options)) return undefined;
  const github = options.integrations.github.byUrl(location);
  if (!github) return undefined;
  const { owner, repo } = parseGithubRepositoryUrl(location);
  const { host, apiBaseUrl } = github.config;
  // GitHub Enterprise Server serves its API under /api/v3 of its own host.
  const api =
    apiBaseUrl ??
    (host === 'github.com'
      ? 'https://api.github.com'
      : `https://${host}/api/v3`);
  return { owner, repo, apiBaseUrl: api };
}

/**
 * Where the merge requests of an environment repository go: set when the
 * URL belongs to a GitLab integration and pull requests are not turned off
 * (the one switch covers both).
 */
export function gitlabMergeRequestTarget(options: {
  integrations: ScmIntegrationRegistry;
  pullRequests: boolean;
  location: string;
}): { project: string; apiBaseUrl: string } | undefined {
  const { location } = options;
  if (!reviewable(options)) return undefined;
  const gitlab = options.integrations.gitlab.byUrl(location);
  if (!gitlab) return undefined;
  const { host, apiBaseUrl, baseUrl } = gitlab.config;
  // An instance served below a path (baseUrl) keeps that path out of the project's.
  const { project } = parseGitlabRepositoryUrl(location, { baseUrl });
  // Always set by @backstage/integration (required for hosts other than gitlab.com).
  return { project, apiBaseUrl: apiBaseUrl || `https://${host}/api/v4` };
}

/**
 * Writes to environment repositories on a GitHub integration's host go
 * through a pull request, on a GitLab integration's host through a merge
 * request, with the integration's token; others are pushed.
 */
export function createEnvironmentPublisherFactory(options: {
  integrations: ScmIntegrationRegistry;
  githubCredentials: GithubCredentialsProvider;
  /** `releases.environmentRepository.pullRequests` */
  pullRequests: boolean;
}): EnvironmentPublisherFactory {
  return location => {
    const github = githubPullRequestTarget({ ...options, location });
    if (github) {
      return new GithubPullRequestPublisher({
        ...github,
        getToken: async () =>
          (await options.githubCredentials.getCredentials({ url: location }))
            .token,
      });
    }
    const gitlab = gitlabMergeRequestTarget({ ...options, location });
    if (gitlab) {
      return new GitlabMergeRequestPublisher({
        ...gitlab,
        getToken: async () =>
          options.integrations.gitlab.byUrl(location)?.config.token,
      });
    }
    return undefined;
  };
}
