// SLO evaluations, stability and the release picker against one msw
// server, in the style of ReleasesClient.test.ts.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import { ReleasesClient } from './ReleasesClient';

const baseUrl = 'http://backstage.test/api/releases';

describe('ReleasesClient (quality)', () => {
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

  it('sends only the parameters given, encoded', async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${baseUrl}/slo/evaluations`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json({ evaluations: [] });
      }),
      http.get(`${baseUrl}/stability`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json({ score: 91 });
      }),
      http.get(`${baseUrl}/products/picker`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json({ releases: [] });
      }),
    );

    await client.getSloEvaluations({
      entityRef: 'component:default/cart',
      environment: 'staging',
    });
    await client.getSloEvaluations({
      entityRef: 'component:default/cart',
      environment: 'staging',
      version: 'v1.5.0',
      limit: 0,
    });
    await expect(
      client.getStability({
        entityRef: 'component:default/cart',
        environment: 'canary',
      }),
    ).resolves.toEqual({ score: 91 });
    await client.getReleasePicker({ system: 'system:default/shop' });
    await client.getReleasePicker({
      system: 'system:default/shop',
      environment: 'canary',
    });
    expect(urls).toEqual([
      `${baseUrl}/slo/evaluations?entityRef=component%3Adefault%2Fcart&environment=staging`,
      `${baseUrl}/slo/evaluations?entityRef=component%3Adefault%2Fcart&environment=staging&version=v1.5.0&limit=0`,
      `${baseUrl}/stability?entityRef=component%3Adefault%2Fcart&environment=canary`,
      `${baseUrl}/products/picker?system=system%3Adefault%2Fshop`,
      `${baseUrl}/products/picker?system=system%3Adefault%2Fshop&environment=canary`,
    ]);
  });

  it("surfaces the backend's 400 with its message", async () => {
    server.use(
      http.get(`${baseUrl}/stability`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: "unknown environment 'qq'" },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client
      .getStability({ entityRef: 'component:default/cart', environment: 'qq' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause).toMatchObject({ message: "unknown environment 'qq'" });
  });
});
