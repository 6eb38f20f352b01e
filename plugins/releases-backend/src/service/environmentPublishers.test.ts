import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GithubPullRequestPublisher } from '@releases-for-backstage/plugin-releases-node';
import { readReleasesConfig } from '../config';
import { createEnvironmentPublisherFactory, githubPullRequestTarget } from './environmentPublishers';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        { host: 'github.com', token: 'public-token' },
        { host: 'ghe.example.com', token: 'ghe-token' },
        { host: 'github.test', apiBaseUrl: 'https://github.test/api/v3', token: 'test-token' },
      ],
      gitlab: [{ host: 'gitlab.com', token: 'gitlab-token' }],
    },
  }),
);

describe('githubPullRequestTarget', () => {
  const target = (location: string, pullRequests = true) =>
    githubPullRequestTarget({ integrations, pullRequests, location });

  it('sends GitHub-hosted environment repositories through pull requests, with the API of their host', () => {
    expect(target('https://github.test/shop/environments.git')).toEqual({
      owner: 'shop',
      repo: 'environments',
      apiBaseUrl: 'https://github.test/api/v3',
    });
    expect(target('https://github.com/shop/environments')?.apiBaseUrl).toBe('https://api.github.com');
    expect(target('https://ghe.example.com/shop/environments')?.apiBaseUrl).toBe('https://ghe.example.com/api/v3');
  });

  it('pushes directly everywhere else, and when pull requests are turned off', () => {
    expect(target('https://gitlab.com/shop/environments.git')).toBeUndefined();
    expect(target('git@github.com:shop/environments.git')).toBeUndefined();
    expect(target('file:///srv/git/environments')).toBeUndefined();
    expect(target('https://github.test/shop/environments.git', false)).toBeUndefined();
  });

  it('builds a pull request publisher for GitHub locations only', () => {
    const getCredentials = jest.fn(async () => ({ type: 'token' as const, token: 'test-token', headers: {} }));
    const factory = createEnvironmentPublisherFactory({ integrations, githubCredentials: { getCredentials }, pullRequests: true });
    expect(factory('https://github.test/shop/environments.git')).toBeInstanceOf(GithubPullRequestPublisher);
    expect(factory('https://gitlab.com/shop/environments.git')).toBeUndefined();
  });

  it('reads releases.environmentRepository.pullRequests, on by default', () => {
    expect(readReleasesConfig(new ConfigReader({})).environmentPullRequests).toBe(true);
    expect(
      readReleasesConfig(new ConfigReader({ releases: { environmentRepository: { pullRequests: false } } }))
        .environmentPullRequests,
    ).toBe(false);
  });
});
