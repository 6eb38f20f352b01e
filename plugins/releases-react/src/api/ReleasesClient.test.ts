import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import type {
  EntityReleasesResponse,
  UnreleasedChangesResponse,
} from '@releases-for-backstage/plugin-releases-common';
import { ReleasesClient } from './ReleasesClient';

const baseUrl = 'http://backstage.test/api/releases';
const entityRef = 'component:default/cart';

const releasesResponse: EntityReleasesResponse = {
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
      sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      date: '2026-11-19T09:00:00.000Z',
      channel: null,
      changelog: {
        version: '1.4.0',
        previousVersion: '1.3.0',
        date: '2026-11-19',
        sections: [],
      },
    },
  ],
};

const unreleasedResponse: UnreleasedChangesResponse = {
  entityRef,
  current: '1.4.0',
  currentTag: 'v1.4.0',
  next: '1.5.0',
  bump: 'minor',
  commits: 2,
  headSha: 'ffeeddccbbaa99887766554433221100ffeeddcc',
  changelog: {
    version: '1.5.0',
    previousVersion: '1.4.0',
    date: null,
    sections: [],
  },
  refreshedAt: '2026-11-20T10:00:00.000Z',
};

describe('ReleasesClient', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const fetchApi = {
    fetch: jest.fn((input: RequestInfo | URL, init?: RequestInit) =>
      globalThis.fetch(input, init),
    ),
  };
  const client = new ReleasesClient({ discoveryApi, fetchApi });

  beforeEach(() => jest.clearAllMocks());

  it('gets the releases of an entity, encoding the entity ref', async () => {
    let requestedUrl: URL | undefined;
    server.use(
      http.get(`${baseUrl}/releases`, ({ request }) => {
        requestedUrl = new URL(request.url);
        return HttpResponse.json(releasesResponse);
      }),
    );

    await expect(client.getReleases(entityRef)).resolves.toEqual(
      releasesResponse,
    );
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('releases');
    expect(requestedUrl?.search).toBe('?entityRef=component%3Adefault%2Fcart');
    expect(requestedUrl?.searchParams.get('entityRef')).toBe(entityRef);
  });

  it('keeps reserved characters of the entity ref inside the parameter', async () => {
    const oddRef = 'component:team-a/cart&foo=bar#x';
    let received: string | null = null;
    server.use(
      http.get(`${baseUrl}/releases`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        received = params.get('entityRef');
        expect(params.get('foo')).toBeNull();
        return HttpResponse.json({ ...releasesResponse, entityRef: oddRef });
      }),
    );

    await client.getReleases(oddRef);
    expect(received).toBe(oddRef);
  });

  it('gets the unreleased changes of an entity', async () => {
    server.use(
      http.get(`${baseUrl}/unreleased`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('entityRef')).toBe(
          entityRef,
        );
        return HttpResponse.json(unreleasedResponse);
      }),
    );

    await expect(client.getUnreleased(entityRef)).resolves.toEqual(
      unreleasedResponse,
    );
  });

  it('posts a refresh with the entity ref as JSON', async () => {
    let body: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(`${baseUrl}/refresh`, async ({ request }) => {
        contentType = request.headers.get('content-type');
        body = await request.json();
        return HttpResponse.json({
          entityRef,
          refreshedAt: '2026-11-20T11:00:00.000Z',
        });
      }),
    );

    await expect(client.refresh(entityRef)).resolves.toEqual({
      entityRef,
      refreshedAt: '2026-11-20T11:00:00.000Z',
    });
    expect(body).toEqual({ entityRef });
    expect(contentType).toBe('application/json');
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      `${baseUrl}/refresh`,
      expect.objectContaining({ method: 'POST' }),
    );
  });

  it('throws a ResponseError carrying the backend error on 404', async () => {
    server.use(
      http.get(`${baseUrl}/releases`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: `Entity ${entityRef} has no releases-for-backstage.io/git-repo annotation`,
            },
            request: { method: 'GET', url: '/api/releases/releases' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    const error = await client.getReleases(entityRef).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(404);
    expect(error.body.error).toEqual({
      name: 'NotFoundError',
      message: `Entity ${entityRef} has no releases-for-backstage.io/git-repo annotation`,
    });
    expect(error.cause.name).toBe('NotFoundError');
    expect(error.message).toContain('404');
  });

  it('throws a ResponseError on 400 from refresh', async () => {
    server.use(
      http.post(`${baseUrl}/refresh`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'Invalid entityRef' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );

    await expect(client.refresh('not a ref')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
    });
  });
});
