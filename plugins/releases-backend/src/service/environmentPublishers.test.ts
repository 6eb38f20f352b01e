import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  GithubPullRequestPublisher,
  GitlabApiError,
  GitlabMergeRequestPublisher,
  type EnvironmentBranchUpdate,
} from '@releases-for-backstage/plugin-releases-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readReleasesConfig } from '../config';
import {
  createEnvironmentPublisherFactory,
  githubPullRequestTarget,
  gitlabMergeRequestTarget,
} from './environmentPublishers';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        { host: 'github.com', token: 'public-token' },
        { host: 'ghe.example.com', token: 'ghe-token' },
        {
          host: 'github.test',
          apiBaseUrl: 'https://github.test/api/v3',
          token: 'test-token',
        },
      ],
      gitlab: [
        { host: 'gitlab.com', token: 'gitlab-token' },
        {
          host: 'gitlab.example.com',
          apiBaseUrl: 'https://gitlab.example.com/api/v4',
          token: 'example-token',
        },
        {
          host: 'code.example.com',
          baseUrl: 'https://code.example.com/gitlab',
          apiBaseUrl: 'https://code.example.com/gitlab/api/v4',
        },
        {
          host: 'gitlab.test',
          apiBaseUrl: 'https://gitlab.test/api/v4',
          token: 'gitlab-test-token',
        },
      ],
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
    expect(target('https://github.com/shop/environments')?.apiBaseUrl).toBe(
      'https://api.github.com',
    );
    expect(
      target('https://ghe.example.com/shop/environments')?.apiBaseUrl,
    ).toBe('https://ghe.example.com/api/v3');
  });

  it('pushes directly everywhere else, and when pull requests are turned off', () => {
    expect(target('https://gitlab.com/shop/environments.git')).toBeUndefined();
    expect(target('git@github.com:shop/environments.git')).toBeUndefined();
    expect(target('file:///srv/git/environments')).toBeUndefined();
    expect(
      target('https://github.test/shop/environments.git', false),
    ).toBeUndefined();
  });
});

describe('gitlabMergeRequestTarget', () => {
  const target = (location: string, pullRequests = true) =>
    gitlabMergeRequestTarget({ integrations, pullRequests, location });

  it('sends GitLab-hosted environment repositories through merge requests, with the API of their host', () => {
    expect(target('https://gitlab.com/shop/environments.git')).toEqual({
      project: 'shop/environments',
      apiBaseUrl: 'https://gitlab.com/api/v4',
    });
    expect(
      target('https://gitlab.example.com/shop/platform/environments'),
    ).toEqual({
      project: 'shop/platform/environments',
      apiBaseUrl: 'https://gitlab.example.com/api/v4',
    });
    // An instance below a path: the path is not part of the project's.
    expect(
      target('https://code.example.com/gitlab/shop/environments.git'),
    ).toEqual({
      project: 'shop/environments',
      apiBaseUrl: 'https://code.example.com/gitlab/api/v4',
    });
  });

  it('pushes directly everywhere else, and when pull requests are turned off', () => {
    expect(target('https://github.test/shop/environments.git')).toBeUndefined();
    expect(
      target('https://bitbucket.example.com/shop/environments.git'),
    ).toBeUndefined();
    expect(target('git@gitlab.com:shop/environments.git')).toBeUndefined();
    expect(
      target('ssh://git@gitlab.com/shop/environments.git'),
    ).toBeUndefined();
    expect(
      target('https://gitlab.com/shop/environments.git', false),
    ).toBeUndefined();
  });
});

describe('createEnvironmentPublisherFactory', () => {
  const getCredentials = jest.fn(async () => ({
    type: 'token' as const,
    token: 'test-token',
    headers: {},
  }));
  const factory = (pullRequests = true) =>
    createEnvironmentPublisherFactory({
      integrations,
      githubCredentials: { getCredentials },
      pullRequests,
    });

  it('builds a pull request publisher for GitHub, a merge request publisher for GitLab, none elsewhere', () => {
    expect(
      factory()('https://github.test/shop/environments.git'),
    ).toBeInstanceOf(GithubPullRequestPublisher);
    expect(
      factory()('https://gitlab.com/shop/environments.git'),
    ).toBeInstanceOf(GitlabMergeRequestPublisher);
    expect(
      factory()('https://bitbucket.example.com/shop/environments.git'),
    ).toBeUndefined();
    expect(
      factory(false)('https://github.test/shop/environments.git'),
    ).toBeUndefined();
    expect(
      factory(false)('https://gitlab.com/shop/environments.git'),
    ).toBeUndefined();
  });

  describe('on GitLab', () => {
    const server = setupServer();
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => server.close());

    it("asks the integration's API with the integration's token, for the encoded project", async () => {
      const seen: Array<{ url: string; token: string | null }> = [];
      server.use(
        http.get(
          'https://gitlab.test/api/v4/projects/:id/merge_requests',
          ({ request }) => {
            seen.push({
              url: request.url,
              token: request.headers.get('private-token'),
            });
            return HttpResponse.json(
              { message: '401 Unauthorized' },
              { status: 401 },
            );
          },
        ),
      );
      const publisher = factory()(
        'https://gitlab.test/shop/platform/environments.git',
      )!;
      // Refused before the repository is touched.
      const update = {
        environment: 'qa',
        branch: 'environment/qa',
        promotionId: 'p1',
        message: 'm',
      } as EnvironmentBranchUpdate;

      const error = await publisher.publish(update).catch(e => e);

      expect(error).toBeInstanceOf(GitlabApiError);
      expect(error.repository).toBe('shop/platform/environments');
      expect(seen).toEqual([
        {
          url: 'https://gitlab.test/api/v4/projects/shop%2Fplatform%2Fenvironments/merge_requests?source_branch=releases%2Fpromotion-p1-qa&target_branch=environment%2Fqa&state=opened',
          token: 'gitlab-test-token',
        },
      ]);
    });
  });
});

describe('readReleasesConfig', () => {
  it('reads releases.environmentRepository.pullRequests, on by default', () => {
    expect(
      readReleasesConfig(new ConfigReader({})).environmentPullRequests,
    ).toBe(true);
    expect(
      readReleasesConfig(
        new ConfigReader({
          releases: { environmentRepository: { pullRequests: false } },
        }),
      ).environmentPullRequests,
    ).toBe(false);
  });
});
