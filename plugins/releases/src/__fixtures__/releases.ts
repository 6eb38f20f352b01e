import type { Entity } from '@backstage/catalog-model';
import {
  RELEASES_GIT_REPO_ANNOTATION,
  type EntityReleasesResponse,
  type UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';

export const entityRef = 'component:default/cart';

export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cart',
    namespace: 'default',
    annotations: { [RELEASES_GIT_REPO_ANNOTATION]: '/repos/cart' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

const repoUrl = 'https://git.example.com/shop/cart';

export const releasesResponse: EntityReleasesResponse = {
  entityRef,
  repo: '/repos/cart',
  tagPrefix: 'v',
  preset: 'conventionalcommits',
  refreshedAt: '2026-11-20T10:00:00.000Z',
  releases: [
    {
      tag: 'v1.4.0',
      version: '1.4.0',
      prerelease: false,
      sha: '1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      date: '2026-11-18T09:00:00.000Z',
      channel: null,
      changelog: {
        version: '1.4.0',
        previousVersion: '1.4.0-rc.1',
        date: '2026-11-18',
        sections: [
          {
            id: 'features',
            title: 'Features',
            entries: [
              {
                sha: '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
                shortSha: '2222222',
                type: 'feat',
                scope: 'checkout',
                description: 'pay with gift cards',
                authorName: 'Ada',
                date: '2026-11-17T09:00:00.000Z',
              },
            ],
          },
        ],
      },
    },
    {
      tag: 'v1.4.0-rc.1',
      version: '1.4.0-rc.1',
      prerelease: true,
      sha: '3333333ccccccccccccccccccccccccccccccccc',
      date: '2026-11-10T09:00:00.000Z',
      channel: 'beta',
      changelog: {
        version: '1.4.0-rc.1',
        previousVersion: '1.3.0',
        date: '2026-11-10',
        sections: [
          {
            id: 'fixes',
            title: 'Bug fixes',
            entries: [
              {
                sha: '4444444ddddddddddddddddddddddddddddddddd',
                shortSha: '4444444',
                type: 'fix',
                scope: null,
                description: 'round totals to cents',
                authorName: 'Grace',
                date: '2026-11-09T09:00:00.000Z',
              },
            ],
          },
        ],
      },
    },
  ],
};

export const unreleasedResponse: UnreleasedChangesResponse = {
  entityRef,
  current: '1.4.0',
  currentTag: 'v1.4.0',
  next: '2.0.0',
  bump: 'major',
  commits: 3,
  headSha: '5555555eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee',
  refreshedAt: '2026-11-20T10:00:00.000Z',
  changelog: {
    version: '2.0.0',
    previousVersion: '1.4.0',
    date: null,
    // Deliberately out of display order: the view puts breaking changes first.
    sections: [
      {
        id: 'fixes',
        title: 'Bug fixes',
        entries: [
          {
            sha: '6666666fffffffffffffffffffffffffffffffff',
            shortSha: '6666666',
            type: 'fix',
            scope: 'cart',
            description: 'keep items after login',
            url: `${repoUrl}/commit/6666666fffffffffffffffffffffffffffffffff`,
            authorName: 'Ada',
            date: '2026-11-19T09:00:00.000Z',
          },
        ],
      },
      {
        id: 'features',
        title: 'Features',
        entries: [
          {
            sha: '7777777aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
            shortSha: '7777777',
            type: 'feat',
            scope: null,
            description: 'saved carts',
            url: `${repoUrl}/commit/7777777aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`,
            authorName: 'Grace',
            date: '2026-11-19T10:00:00.000Z',
          },
        ],
      },
      {
        id: 'breaking',
        title: 'Breaking changes',
        entries: [
          {
            sha: '8888888bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
            shortSha: '8888888',
            type: 'feat',
            scope: 'api',
            description: 'drop the v1 cart endpoint',
            breakingNote: 'Clients must call /v2/cart.',
            url: `${repoUrl}/commit/8888888bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb`,
            authorName: 'Ada',
            date: '2026-11-19T11:00:00.000Z',
          },
        ],
      },
    ],
  },
};

export const nothingToReleaseResponse: UnreleasedChangesResponse = {
  ...unreleasedResponse,
  next: null,
  bump: null,
  commits: 1,
  changelog: {
    version: null,
    previousVersion: '1.4.0',
    date: null,
    sections: [
      {
        id: 'other',
        title: 'Other changes',
        entries: [
          {
            sha: '9999999ccccccccccccccccccccccccccccccccc',
            shortSha: '9999999',
            type: 'chore',
            scope: 'deps',
            description: 'bump lodash',
            authorName: 'Ada',
            date: '2026-11-19T12:00:00.000Z',
          },
        ],
      },
    ],
  },
};
