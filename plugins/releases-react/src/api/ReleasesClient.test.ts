// Over 400 lines: One case per client method and error path, against one msw server.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEntry,
  EntityReleasesResponse,
  EnvironmentsResponse,
  MatrixResponse,
  Promotion,
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

const promotion: Promotion = {
  id: 'p-1',
  entityRef,
  environment: 'qa',
  requestedVersion: null,
  version: 'v1.5.0-rc.1',
  sha: 'ffeeddccbbaa99887766554433221100ffeeddcc',
  createdTag: null,
  previousVersion: 'v1.4.0',
  state: 'requested',
  rollback: false,
  idempotencyKey: 'key-1',
  createdBy: 'user:default/ada',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  reason: null,
  gates: [
    {
      id: 'approval',
      status: 'met',
      required: true,
      detail: 'no approval needed',
    },
  ],
  verification: [],
  events: [
    {
      at: '2026-11-20T10:00:00.000Z',
      state: 'requested',
      actor: 'user:default/ada',
      reason: null,
    },
  ],
};

const environmentsResponse: EnvironmentsResponse = {
  entityRef,
  environments: [
    {
      environment: 'dev',
      type: 'dev',
      description: 'Branch heads',
      version: 'WIP',
      sha: 'ffeeddccbbaa99887766554433221100ffeeddcc',
      since: '2026-11-20T09:00:00.000Z',
      by: 'user:default/ada',
      status: 'deployed',
      runUrl: null,
      promotionId: 'p-0',
    },
    {
      environment: 'prod',
      type: 'prod',
      description: null,
      version: null,
      sha: null,
      since: null,
      by: null,
      status: null,
      runUrl: null,
      promotionId: null,
    },
  ],
};

/** The body the backend's error middleware sends. */
function errorBody(name: string, message: string, statusCode: number) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode } },
    { status: statusCode },
  );
}

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

  describe('promotions', () => {
    it('creates a promotion, posting the request as JSON', async () => {
      let body: unknown;
      let contentType: string | null = null;
      server.use(
        http.post(`${baseUrl}/promotions`, async ({ request }) => {
          contentType = request.headers.get('content-type');
          body = await request.json();
          return HttpResponse.json(promotion, { status: 201 });
        }),
      );

      await expect(
        client.createPromotion({
          entityRef,
          environment: 'qa',
          idempotencyKey: 'key-1',
        }),
      ).resolves.toEqual(promotion);
      expect(body).toEqual({
        entityRef,
        environment: 'qa',
        idempotencyKey: 'key-1',
      });
      expect(contentType).toBe('application/json');
    });

    it('resolves with the existing promotion when the backend answers 200 for a repeated key', async () => {
      server.use(
        http.post(`${baseUrl}/promotions`, () =>
          HttpResponse.json({ ...promotion, state: 'executing' }),
        ),
      );

      await expect(
        client.createPromotion({
          entityRef,
          environment: 'qa',
          idempotencyKey: 'key-1',
        }),
      ).resolves.toMatchObject({ id: 'p-1', state: 'executing' });
    });

    it('surfaces the message of a 409 when a promotion is already active', async () => {
      const message = `Promotion p-0 is already active for ${entityRef} in qa`;
      server.use(
        http.post(`${baseUrl}/promotions`, () =>
          errorBody('ConflictError', message, 409),
        ),
      );

      const error = await client
        .createPromotion({ entityRef, environment: 'qa' })
        .then(
          () => undefined,
          e => e,
        );
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(409);
      expect(error.body.error).toEqual({ name: 'ConflictError', message });
      expect(error.cause.name).toBe('ConflictError');
      expect(error.cause.message).toBe(message);
    });

    it('surfaces the message of a 400 from the version rules', async () => {
      const message =
        'No release candidate of 1.1.0 exists; prod takes the highest rc of a version, so promote 1.1.0 through qa first';
      server.use(
        http.post(`${baseUrl}/promotions`, () =>
          errorBody('InputError', message, 400),
        ),
      );

      await expect(
        client.createPromotion({
          entityRef,
          environment: 'prod',
          version: '1.1.0',
        }),
      ).rejects.toMatchObject({
        statusCode: 400,
        cause: { name: 'InputError', message },
      });
    });

    it('posts a rollback with its reason, and a confirmed jump', async () => {
      let body: unknown;
      server.use(
        http.post(`${baseUrl}/promotions`, async ({ request }) => {
          body = await request.json();
          return HttpResponse.json(
            { ...promotion, environment: 'prod', rollback: true },
            { status: 201 },
          );
        }),
      );

      await expect(
        client.createPromotion({
          entityRef,
          environment: 'prod',
          rollback: true,
          reason: 'checkout errors since 1.5.0',
        }),
      ).resolves.toMatchObject({ rollback: true });
      expect(body).toEqual({
        entityRef,
        environment: 'prod',
        rollback: true,
        reason: 'checkout errors since 1.5.0',
      });

      await client.createPromotion({
        entityRef,
        environment: 'qa',
        version: '2.0.0',
        allowJump: true,
      });
      expect(body).toEqual({
        entityRef,
        environment: 'qa',
        version: '2.0.0',
        allowJump: true,
      });
    });

    it('gets one promotion, encoding its id', async () => {
      let path: string | undefined;
      server.use(
        http.get(`${baseUrl}/promotions/:id`, ({ request, params }) => {
          path = new URL(request.url).pathname;
          expect(params.id).toBe('a/b');
          return HttpResponse.json(promotion);
        }),
      );

      await expect(client.getPromotion('a/b')).resolves.toEqual(promotion);
      expect(path).toBe('/api/releases/promotions/a%2Fb');
    });

    it('throws a ResponseError for an unknown promotion', async () => {
      server.use(
        http.get(`${baseUrl}/promotions/:id`, () =>
          errorBody('NotFoundError', 'Promotion nope not found', 404),
        ),
      );

      await expect(client.getPromotion('nope')).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 404,
        cause: { message: 'Promotion nope not found' },
      });
    });

    it('lists promotions with only the given filters', async () => {
      const searches: URLSearchParams[] = [];
      server.use(
        http.get(`${baseUrl}/promotions`, ({ request }) => {
          searches.push(new URL(request.url).searchParams);
          return HttpResponse.json({ items: [promotion] });
        }),
      );

      await expect(client.listPromotions({ entityRef })).resolves.toEqual({
        items: [promotion],
      });
      await client.listPromotions({
        entityRef,
        environment: 'prod',
        limit: 5,
      });

      expect([...searches[0].entries()]).toEqual([['entityRef', entityRef]]);
      expect([...searches[1].entries()]).toEqual([
        ['entityRef', entityRef],
        ['environment', 'prod'],
        ['limit', '5'],
      ]);
    });

    it('aborts a promotion, with and without a reason', async () => {
      const bodies: unknown[] = [];
      server.use(
        http.post(`${baseUrl}/promotions/:id/abort`, async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json({ ...promotion, state: 'aborted' });
        }),
      );

      await expect(
        client.abortPromotion('p-1', 'wrong version'),
      ).resolves.toMatchObject({ state: 'aborted' });
      await client.abortPromotion('p-1');

      expect(bodies).toEqual([{ reason: 'wrong version' }, {}]);
    });

    it('surfaces the 409 of a promotion that can no longer be aborted', async () => {
      const message = 'Promotion p-1 is executing and can no longer be aborted';
      server.use(
        http.post(`${baseUrl}/promotions/:id/abort`, () =>
          errorBody('ConflictError', message, 409),
        ),
      );

      await expect(client.abortPromotion('p-1')).rejects.toMatchObject({
        statusCode: 409,
        cause: { message },
      });
    });

    describe('manual approval', () => {
      const waiting: Promotion = {
        ...promotion,
        environment: 'prod',
        state: 'waiting-for-gates',
        reason: 'manual approval required for prod',
      };

      it('approves a promotion, posting the comment as JSON to its encoded id', async () => {
        const requests: Array<{ path: string; type: string | null }> = [];
        const bodies: unknown[] = [];
        server.use(
          http.post(
            `${baseUrl}/promotions/:id/approve`,
            async ({ request, params }) => {
              expect(params.id).toBe('a/b');
              requests.push({
                path: new URL(request.url).pathname,
                type: request.headers.get('content-type'),
              });
              bodies.push(await request.json());
              return HttpResponse.json({ ...waiting, state: 'approved' });
            },
          ),
        );

        await expect(
          client.approvePromotion('a/b', { reason: 'checked the changelog' }),
        ).resolves.toEqual({ ...waiting, state: 'approved' });
        await client.approvePromotion('a/b');
        await client.approvePromotion('a/b', {});

        expect(requests).toEqual([
          {
            path: '/api/releases/promotions/a%2Fb/approve',
            type: 'application/json',
          },
          {
            path: '/api/releases/promotions/a%2Fb/approve',
            type: 'application/json',
          },
          {
            path: '/api/releases/promotions/a%2Fb/approve',
            type: 'application/json',
          },
        ]);
        expect(bodies).toEqual([{ reason: 'checked the changelog' }, {}, {}]);
        expect(fetchApi.fetch).toHaveBeenCalledWith(
          `${baseUrl}/promotions/a%2Fb/approve`,
          expect.objectContaining({ method: 'POST' }),
        );
      });

      it('rejects a promotion, posting the reason as JSON', async () => {
        let path: string | undefined;
        let body: unknown;
        server.use(
          http.post(`${baseUrl}/promotions/:id/reject`, async ({ request }) => {
            path = new URL(request.url).pathname;
            body = await request.json();
            return HttpResponse.json({
              ...waiting,
              state: 'rejected',
              reason: 'not during the freeze',
            });
          }),
        );

        await expect(
          client.rejectPromotion('p-1', { reason: 'not during the freeze' }),
        ).resolves.toMatchObject({
          state: 'rejected',
          reason: 'not during the freeze',
        });
        expect(path).toBe('/api/releases/promotions/p-1/reject');
        expect(body).toEqual({ reason: 'not during the freeze' });
        expect(fetchApi.fetch).toHaveBeenCalledWith(
          `${baseUrl}/promotions/p-1/reject`,
          expect.objectContaining({ method: 'POST' }),
        );
      });

      it('surfaces the 403 of the four-eyes rule', async () => {
        const message =
          'user:default/ada requested promotion p-1 and may not approve it too';
        server.use(
          http.post(`${baseUrl}/promotions/:id/approve`, () =>
            errorBody('NotAllowedError', message, 403),
          ),
        );

        const error = await client.approvePromotion('p-1').then(
          () => undefined,
          e => e,
        );
        expect(error).toBeInstanceOf(ResponseError);
        expect(error.statusCode).toBe(403);
        expect(error.cause).toMatchObject({ name: 'NotAllowedError', message });
      });

      it('surfaces the 409 of a promotion that does not wait for approval', async () => {
        const message = 'Promotion p-1 is executing, not waiting for approval';
        server.use(
          http.post(`${baseUrl}/promotions/:id/reject`, () =>
            errorBody('ConflictError', message, 409),
          ),
        );

        await expect(
          client.rejectPromotion('p-1', { reason: 'too late' }),
        ).rejects.toMatchObject({
          name: 'ResponseError',
          statusCode: 409,
          cause: { name: 'ConflictError', message },
        });
      });

      it('surfaces the 403 of a rejection without the permission', async () => {
        const message = 'You are not allowed to reject promotions of cart';
        server.use(
          http.post(`${baseUrl}/promotions/:id/reject`, () =>
            errorBody('NotAllowedError', message, 403),
          ),
        );

        await expect(
          client.rejectPromotion('p-1', { reason: 'no' }),
        ).rejects.toMatchObject({ statusCode: 403, cause: { message } });
      });
    });
  });

  describe('environments, matrix and audit', () => {
    it('gets the environments of an entity', async () => {
      let received: string | null = null;
      server.use(
        http.get(`${baseUrl}/environments`, ({ request }) => {
          received = new URL(request.url).searchParams.get('entityRef');
          return HttpResponse.json(environmentsResponse);
        }),
      );

      await expect(client.getEnvironments(entityRef)).resolves.toEqual(
        environmentsResponse,
      );
      expect(received).toBe(entityRef);
    });

    it('gets the matrix of a system', async () => {
      const matrix: MatrixResponse = {
        system: 'system:default/shop',
        environments: ['dev', 'prod'],
        rows: [
          {
            entityRef,
            title: 'cart',
            cells: {
              dev: environmentsResponse.environments[0],
              prod: environmentsResponse.environments[1],
            },
          },
        ],
      };
      let search: string | undefined;
      server.use(
        http.get(`${baseUrl}/matrix`, ({ request }) => {
          search = new URL(request.url).search;
          return HttpResponse.json(matrix);
        }),
      );

      await expect(client.getMatrix('system:default/shop')).resolves.toEqual(
        matrix,
      );
      expect(search).toBe('?system=system%3Adefault%2Fshop');
    });

    it('gets the audit trail of an entity', async () => {
      const entry: AuditEntry = {
        at: '2026-11-20T10:00:00.000Z',
        actor: 'user:default/ada',
        action: 'promotion-create',
        entityRef,
        environment: 'qa',
        promotionId: 'p-1',
        detail: null,
      };
      server.use(
        http.get(`${baseUrl}/audit`, ({ request }) => {
          expect(new URL(request.url).searchParams.get('entityRef')).toBe(
            entityRef,
          );
          return HttpResponse.json({ items: [entry] });
        }),
      );

      await expect(client.getAudit(entityRef)).resolves.toEqual({
        items: [entry],
      });
    });

    it('throws a ResponseError when the environments fail', async () => {
      server.use(
        http.get(`${baseUrl}/environments`, () =>
          errorBody(
            'InputError',
            `Entity ${entityRef} not found in the catalog`,
            400,
          ),
        ),
      );

      await expect(client.getEnvironments(entityRef)).rejects.toMatchObject({
        statusCode: 400,
        cause: { message: `Entity ${entityRef} not found in the catalog` },
      });
    });
  });
});
