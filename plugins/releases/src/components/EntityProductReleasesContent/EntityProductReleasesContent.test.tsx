import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  releasesApiRef,
  type CutProductReleaseRequest,
  type CutProductReleaseResponse,
  type NextProductReleaseResponse,
  type ProductReleasesResponse,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { systemEntity, systemRef } from '../../__fixtures__/environments';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { EntityProductReleasesContent } from './EntityProductReleasesContent';

const manifest = {
  product: 'shop',
  version: '3.4.0',
  components: {
    checkout: { version: '3.0.0', tag: 'v3.0.0' },
    cart: { version: '1.5.1', tag: 'v1.5.1' },
    wishlist: { version: '1.0.0', tag: 'v1.0.0' },
  },
};

const nextResponse: NextProductReleaseResponse = {
  system: systemRef,
  previous: { version: '3.3.0', tag: 'v3.3.0' },
  next: {
    version: '4.0.0',
    bump: 'major',
    reasons: ['checkout 2.7.1 -> 3.0.0: major'],
    changes: [
      {
        name: 'checkout',
        from: '2.7.1',
        to: '3.0.0',
        bump: 'major',
        change: 'changed',
      },
      {
        name: 'cart',
        from: '1.5.1',
        to: '1.5.1',
        bump: null,
        change: 'unchanged',
      },
      {
        name: 'wishlist',
        from: null,
        to: '1.0.0',
        bump: null,
        change: 'added',
      },
      {
        name: 'legacy',
        from: '0.9.0',
        to: null,
        bump: null,
        change: 'removed',
      },
    ],
    manifest: { ...manifest, version: '4.0.0' },
  },
  reasons: ['checkout 2.7.1 -> 3.0.0: major'],
  changelog: null,
  markdown:
    '## shop 4.0.0 (from 3.3.0)\n\n### checkout 2.7.1 → 3.0.0\n\n* drop v1 payments\n',
};

const nothingResponse: NextProductReleaseResponse = {
  system: systemRef,
  previous: { version: '4.0.0', tag: 'v4.0.0' },
  next: null,
  reasons: ['no component changed since v4.0.0'],
  changelog: null,
  markdown: null,
};

const releasesResponse: ProductReleasesResponse = {
  system: systemRef,
  releases: [
    {
      tag: 'v3.3.0',
      version: '3.3.0',
      sha: '3333333aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      date: '2026-11-20T10:00:00Z',
      manifest: {
        ...manifest,
        version: '3.3.0',
        components: {
          checkout: { version: '2.7.1', tag: 'v2.7.1' },
          cart: { version: '1.5.1', tag: 'v1.5.1' },
        },
      },
    },
    {
      tag: 'v3.2.0',
      version: '3.2.0',
      sha: '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      date: '2026-11-10T10:00:00Z',
      manifest: {
        ...manifest,
        version: '3.2.0',
        components: { cart: { version: '1.4.0', tag: 'v1.4.0' } },
      },
    },
  ],
  skipped: [{ tag: 'v3.1.0', reason: 'product.yaml is missing' }],
};

const cutResponse: CutProductReleaseResponse = {
  system: systemRef,
  tag: 'v4.0.0',
  version: '4.0.0',
  sha: '4444444ccccccccccccccccccccccccccccccccc',
  branch: 'main',
  previous: { version: '3.3.0', tag: 'v3.3.0' },
  manifest: { ...manifest, version: '4.0.0' },
  changelog: {
    product: 'shop',
    version: '4.0.0',
    previousVersion: '3.3.0',
    date: '2026-12-01',
    breakingChanges: 0,
    components: [],
  },
  markdown: '## shop 4.0.0',
  by: 'user:default/ada',
};

function api(overrides: Partial<jest.Mocked<ReleasesApi>> = {}) {
  return mockReleasesApi({
    getNextProductRelease: jest.fn().mockResolvedValue(nextResponse),
    listProductReleases: jest.fn().mockResolvedValue(releasesResponse),
    cutProductRelease: jest.fn().mockResolvedValue(cutResponse),
    ...overrides,
  });
}

function render(releasesApi: ReleasesApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, releasesApi]]}>
      <EntityProvider entity={systemEntity}>
        <EntityProductReleasesContent />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** A ResponseError as the client throws it for an error of the backend. */
function responseError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: name,
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

async function openCutDialog() {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Cut product release' }),
  );
  return screen.findByRole('dialog', { name: /Cut product release/ });
}

describe('EntityProductReleasesContent', () => {
  it('shows the next version, why, what changes and the changelog', async () => {
    const a = api();
    await render(a);

    expect(await screen.findByText('4.0.0')).toBeInTheDocument();
    expect(screen.getByText('Since v3.3.0')).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Why this version' })).getByText(
        'checkout 2.7.1 -> 3.0.0: major',
      ),
    ).toBeInTheDocument();
    const changes = within(
      screen.getByRole('table', { name: 'Component changes' }),
    ).getAllByRole('row');
    // Unchanged components are left out of the diff.
    expect(changes.slice(1).map(r => r.textContent)).toEqual([
      'checkout2.7.13.0.0major',
      'wishlistadded—1.0.0—',
      'legacyremoved0.9.0——',
    ]);
    expect(
      screen.getByRole('heading', { name: 'checkout 2.7.1 → 3.0.0' }),
    ).toBeInTheDocument();
    expect(screen.getByText('drop v1 payments')).toBeInTheDocument();
    expect(a.getNextProductRelease).toHaveBeenCalledWith(systemRef);
    expect(a.listProductReleases).toHaveBeenCalledWith(systemRef);
  });

  it('says there is nothing to release, without cut button', async () => {
    await render(
      api({
        getNextProductRelease: jest.fn().mockResolvedValue(nothingResponse),
      }),
    );

    expect(
      await screen.findByText(
        'Nothing to release: no component changed since v4.0.0',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Cut product release' }),
    ).not.toBeInTheDocument();
  });

  it('cuts the computed version, then shows the tag and reloads both cards', async () => {
    const a = api();
    await render(a);

    const dialog = await openCutDialog();
    expect(
      within(dialog).getByRole('heading', {
        name: 'Cut product release 4.0.0',
      }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cut release' }),
    );

    expect(
      await screen.findByText(/Cut v4\.0\.0 \(4444444/),
    ).toBeInTheDocument();
    expect(a.cutProductRelease).toHaveBeenCalledWith({ system: systemRef });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() => {
      expect(a.getNextProductRelease).toHaveBeenCalledTimes(2);
      expect(a.listProductReleases).toHaveBeenCalledTimes(2);
    });
  });

  it('sends a typed version override and refuses one that is not semver', async () => {
    const a = api();
    await render(a);

    const dialog = await openCutDialog();
    const field = within(dialog).getByRole('textbox', {
      name: 'Version (optional)',
    });
    await userEvent.type(field, 'v5');
    expect(
      within(dialog).getByText(/Not a version X\.Y\.Z/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Cut release' }),
    ).toBeDisabled();

    await userEvent.clear(field);
    await userEvent.type(field, '5.0.0');
    expect(
      within(dialog).getByRole('heading', {
        name: 'Cut product release 5.0.0',
      }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cut release' }),
    );

    await waitFor(() =>
      expect(a.cutProductRelease).toHaveBeenCalledWith({
        system: systemRef,
        version: '5.0.0',
      }),
    );
  });

  it('keeps a 409 of the server in the dialog', async () => {
    const message =
      'system:default/shop: no component changed since v3.3.0; there is nothing to release';
    const a = api({
      cutProductRelease: jest
        .fn()
        .mockRejectedValue(await responseError(409, 'ConflictError', message)),
    });
    await render(a);

    const dialog = await openCutDialog();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cut release' }),
    );

    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(
      within(dialog).getByText('The product release was not cut'),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(a.getNextProductRelease).toHaveBeenCalledTimes(1);
  });

  it('names the permission of a 403', async () => {
    const a = api({
      cutProductRelease: jest
        .fn()
        .mockRejectedValue(
          await responseError(403, 'NotAllowedError', 'Not allowed'),
        ),
    });
    await render(a);

    const dialog = await openCutDialog();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cut release' }),
    );

    expect(
      await within(dialog).findByText(/needs releases\.product\.release/),
    ).toBeInTheDocument();
  });

  it('sends a double click once', async () => {
    let resolve: (cut: CutProductReleaseResponse) => void = () => {};
    const a = api({
      cutProductRelease: jest.fn(
        (_request: CutProductReleaseRequest) =>
          new Promise<CutProductReleaseResponse>(r => {
            resolve = r;
          }),
      ),
    });
    await render(a);

    const dialog = await openCutDialog();
    await userEvent.dblClick(
      within(dialog).getByRole('button', { name: 'Cut release' }),
    );
    resolve(cutResponse);

    expect(await screen.findByText(/Cut v4\.0\.0/)).toBeInTheDocument();
    expect(a.cutProductRelease).toHaveBeenCalledTimes(1);
  });

  it('explains the annotation when the system has no product repository', async () => {
    const error = await responseError(
      400,
      'InputError',
      'System system:default/shop has no releases-for-backstage.io/product-repo annotation naming its product repository',
    );
    await render(
      api({
        getNextProductRelease: jest.fn().mockRejectedValue(error),
        listProductReleases: jest.fn().mockRejectedValue(error),
      }),
    );

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(/releases-for-backstage\.io\/product-repo/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByRole('button', { name: 'Cut product release' }),
    ).not.toBeInTheDocument();
  });

  it('lists releases newest first, each expanding to its manifest, and the skipped tags', async () => {
    await render(api());

    const table = await screen.findByRole('table', {
      name: 'Product releases',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[2].textContent),
    ).toEqual(['v3.3.0', 'v3.2.0']);
    expect(within(rows[0]).getByText('3333333')).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Manifest of v3.3.0' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show manifest of v3.3.0' }),
    );
    const manifestRows = within(
      screen.getByRole('table', { name: 'Manifest of v3.3.0' }),
    ).getAllByRole('row');
    expect(manifestRows.slice(1).map(r => r.textContent)).toEqual([
      'cart1.5.1v1.5.1',
      'checkout2.7.1v2.7.1',
    ]);

    expect(
      within(screen.getByRole('list', { name: 'Skipped tags' })).getByText(
        'v3.1.0: product.yaml is missing',
      ),
    ).toBeInTheDocument();
  });
});
