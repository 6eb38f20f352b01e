// Promoting a product release from the System's Releases tab: the row's
// button, the dialog, what it sends and what it shows back.
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  CreateProductPromotionRequest,
  ProductPromotion,
} from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { systemEntity, systemRef } from '../../__fixtures__/environments';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { EntityProductReleasesContent } from './EntityProductReleasesContent';
import {
  productEnvironments,
  productPromotion,
  productReleases,
} from './testData';

function api(overrides: Partial<jest.Mocked<ReleasesApi>> = {}) {
  return mockReleasesApi({
    getNextProductRelease: jest.fn().mockResolvedValue({
      system: systemRef,
      previous: { version: '2.2.0', tag: 'v2.2.0' },
      next: null,
      reasons: ['no component changed since v2.2.0'],
      changelog: null,
      markdown: null,
    }),
    listProductReleases: jest.fn().mockResolvedValue(productReleases),
    getProductEnvironments: jest.fn().mockResolvedValue(productEnvironments),
    listProductPromotions: jest.fn().mockResolvedValue({ items: [] }),
    promoteProductRelease: jest.fn().mockResolvedValue(productPromotion()),
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

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(
    await screen.findByRole('button', { name: 'Promote shop 2.2.0' }),
  );
  const dialog = await screen.findByRole('dialog', {
    name: 'Promote shop 2.2.0',
  });
  // The environments are there once the select offers them.
  await within(dialog).findByRole('option', { name: 'qa' });
  return dialog;
}

describe('PromoteProductDialog', () => {
  it('has a Promote button on each product release', async () => {
    await render(api());

    const table = await screen.findByRole('table', {
      name: 'Product releases',
    });
    expect(
      within(table)
        .getAllByRole('button', { name: /^Promote / })
        .map(b => b.getAttribute('aria-label')),
    ).toEqual(['Promote shop 2.2.0', 'Promote shop 2.1.0']);
    expect(
      within(table).getAllByRole('button', { name: /^Promote / })[0],
    ).toHaveTextContent('Promote');
  });

  it('sends a double click once, with the environment, reason and a key', async () => {
    const user = userEvent.setup();
    let resolve: (p: ProductPromotion) => void = () => {};
    const a = api({
      promoteProductRelease: jest.fn(
        (_request: CreateProductPromotionRequest) =>
          new Promise<ProductPromotion>(r => {
            resolve = r;
          }),
      ),
    });
    await render(a);

    const dialog = await openDialog(user);
    const select = within(dialog).getByRole('combobox', {
      name: 'Environment',
    });
    expect(
      within(select)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['dev', 'qa', 'prod']);
    await user.selectOptions(select, 'qa');
    expect(within(dialog).getByText('qa runs shop 2.1.0.')).toBeVisible();
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Reason (optional)' }),
      'release train',
    );
    const submit = within(dialog).getByRole('button', {
      name: 'Promote to qa',
    });
    await user.dblClick(submit);
    expect(submit).toBeDisabled();
    resolve(productPromotion());

    expect(
      await within(dialog).findByText(/Product promotion a1b2c3d4 of shop/),
    ).toBeInTheDocument();
    expect(a.promoteProductRelease).toHaveBeenCalledTimes(1);
    expect(a.promoteProductRelease).toHaveBeenCalledWith({
      system: systemRef,
      version: '2.2.0',
      environment: 'qa',
      reason: 'release train',
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('shows every member with its versions, state and Promotion tab, and the skipped', async () => {
    const user = userEvent.setup();
    const a = api();
    await render(a);

    const dialog = await openDialog(user);
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Environment' }),
      'qa',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Promote to qa' }),
    );

    const members = await within(dialog).findByRole('table', {
      name: 'Components of the promotion of v2.2.0 to qa',
    });
    const rows = within(members).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'cartv1.5.0-rc.1v1.4.0-rc.1waiting-for-gates',
    ]);
    expect(within(rows[0]).getByRole('link', { name: 'cart' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart/promotion',
    );
    expect(
      within(
        within(dialog).getByRole('list', { name: 'Skipped components' }),
      ).getByText('checkout v3.0.0-rc.1: qa runs v3.0.0-rc.1 already'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('active')).toBeInTheDocument();
    // No reason typed: none sent, as the backend refuses empty keys.
    expect(a.promoteProductRelease.mock.calls[0][0]).not.toHaveProperty(
      'reason',
    );
    // The product promotions and environments are read again.
    await waitFor(() => {
      expect(a.listProductPromotions).toHaveBeenCalledTimes(2);
      expect(a.getProductEnvironments).toHaveBeenCalledTimes(2);
    });

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows the newest state of the promotion as the page reads it again', async () => {
    const user = userEvent.setup();
    const a = api({
      listProductPromotions: jest
        .fn()
        .mockResolvedValueOnce({ items: [] })
        .mockResolvedValue({
          items: [
            productPromotion({
              commit: 'e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0',
              members: [
                {
                  ...productPromotion().members[0],
                  state: 'executing',
                },
              ],
            }),
          ],
        }),
    });
    await render(a);

    const dialog = await openDialog(user);
    await user.click(
      within(dialog).getByRole('button', { name: 'Promote to dev' }),
    );

    const members = await within(dialog).findByRole('table', {
      name: 'Components of the promotion of v2.2.0 to qa',
    });
    expect(await within(members).findByText('executing')).toBeInTheDocument();
    expect(within(members).queryByText('waiting-for-gates')).toBeNull();
  });

  it('keeps a 409 in the dialog, and a new attempt is a new request', async () => {
    const user = userEvent.setup();
    const message =
      'cart already has an active promotion in qa (promotion p-9)';
    const a = api({
      promoteProductRelease: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(409, 'ConflictError', message),
        )
        .mockResolvedValueOnce(productPromotion()),
    });
    await render(a);

    const dialog = await openDialog(user);
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Environment' }),
      'qa',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Promote to qa' }),
    );

    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(
      within(dialog).getByText('shop 2.2.0 was not promoted'),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    const retry = within(dialog).getByRole('button', { name: 'Promote to qa' });
    expect(retry).toBeEnabled();

    await user.click(retry);
    expect(
      await within(dialog).findByText(/Product promotion a1b2c3d4/),
    ).toBeInTheDocument();
    const [first, second] = a.promoteProductRelease.mock.calls.map(
      c => c[0].idempotencyKey,
    );
    expect(second).not.toEqual(first);
  });

  it('names the permission problem of a 403 and the component of a 400', async () => {
    const user = userEvent.setup();
    const a = api({
      promoteProductRelease: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(
            403,
            'NotAllowedError',
            'Not allowed to promote component:default/cart',
          ),
        )
        .mockRejectedValueOnce(
          await responseError(
            400,
            'InputError',
            'cart: v1.5.0 may not go to prod before staging',
          ),
        ),
    });
    await render(a);

    const dialog = await openDialog(user);
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Environment' }),
      'prod',
    );
    const submit = within(dialog).getByRole('button', {
      name: 'Promote to prod',
    });
    await user.click(submit);
    expect(
      await within(dialog).findByText(
        'Not allowed to promote every component of shop',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Not allowed to promote component:default/cart'),
    ).toBeInTheDocument();

    await user.click(submit);
    expect(
      await within(dialog).findByText(
        'cart: v1.5.0 may not go to prod before staging',
      ),
    ).toBeInTheDocument();
  });

  it('offers the first environment that does not run the version', async () => {
    const user = userEvent.setup();
    await render(api());

    await user.click(
      await screen.findByRole('button', { name: 'Promote shop 2.1.0' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Promote shop 2.1.0',
    });
    // dev runs mixed versions, qa runs 2.1.0 already.
    expect(
      await within(dialog).findByRole('button', { name: 'Promote to dev' }),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });
});
