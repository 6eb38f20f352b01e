import type { GithubCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';
import {
  GithubPullRequestPublisher,
  parseGithubRepositoryUrl,
  type EnvironmentBranchPublisher,
} from '@releases-for-backstage/plugin-releases-node';

/** Picks the publisher for a remote environment repository; undefined: a direct push. */
export type EnvironmentPublisherFactory = (location: string) => EnvironmentBranchPublisher | undefined;

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
  // SSH remotes have no integration to take a token from.
  if (!options.pullRequests || !/^https?:\/\//.test(location)) return undefined;
  const github = options.integrations.github.byUrl(location);
  if (!github) return undefined;
  const { owner, repo } = parseGithubRepositoryUrl(location);
  const { host, apiBaseUrl } = github.config;
  // GitHub Enterprise Server serves its API under /api/v3 of its own host.
  const api = apiBaseUrl ?? (host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`);
  return { owner, repo, apiBaseUrl: api };
}

/**
 * Writes to environment repositories on a GitHub integration's host go
 * through a pull request, with the integration's token; others are pushed.
 */
export function createEnvironmentPublisherFactory(options: {
  integrations: ScmIntegrationRegistry;
  githubCredentials: GithubCredentialsProvider;
  /** `releases.environmentRepository.pullRequests` */
  pullRequests: boolean;
}): EnvironmentPublisherFactory {
  return location => {
    const target = githubPullRequestTarget({ ...options, location });
    if (!target) return undefined;
    return new GithubPullRequestPublisher({
      ...target,
      getToken: async () => (await options.githubCredentials.getCredentials({ url: location })).token,
    });
  };
}
