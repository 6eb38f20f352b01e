// The System's Release picker tab: the ranked releases as the backend
// sends them, the switch for those that did not pass, what each adds over
// prod, and the action that promotes one to canary.
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
import { productPromotion } from '../EntityProductReleasesContent/testData';
import { EntityReleasePickerContent } from './EntityReleasePickerContent';
import {
  componentEnvironments,
  pickerResponse,
  withCanary,
  withoutCanary,
} from './testData';

function api(overrides: Partial<jest.Mocked<ReleasesApi>> = {}) {
  return mockReleasesApi({
    getReleasePicker: jest.fn().mockResolvedValue(pickerResponse),
    getProductEnvironments: jest.fn().mockResolvedValue(withCanary),
    promoteProductRelease: jest.fn().mockResolvedValue(productPromotion()),
    ...overrides,
  });
}

function render(releasesApi: ReleasesApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, releasesApi]]}>
      <EntityProvider entity={systemEntity}>
        <EntityReleasePickerContent />
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

/** The releases of the table, by their toggles, in order. */
async function shownVersions() {
  const table = await screen.findByRole('table', {
    name: 'Ranked product releases',
  });
  return within(table)
    .getAllByRole('button', { name: /^Show what .* adds over prod$/ })
    .map(b => b.getAttribute('aria-label')!.split(' ')[2]);
}

/** The row of a release. */
function row(version: string): HTMLElement {
  const toggle = screen.getByRole('button', {
    name: `Show what ${version} adds over prod`,
  });
  return toggle.closest('tr') as HTMLElement;
}

async function openDialog(
  user: ReturnType<typeof userEvent.setup>,
  version = '2.2.0',
  environment = 'canary',
) {
  const action = await screen.findByRole('button', {
    name: `Promote shop ${version} to ${environment}`,
  });
  await waitFor(() => expect(action).toBeEnabled());
  await user.click(action);
  const dialog = await screen.findByRole('dialog', {
    name: `Promote shop ${version}`,
  });
  await within(dialog).findByRole('option', { name: environment });
  return dialog;
}

describe('EntityReleasePickerContent', () => {
  it('asks for the picker of the System and keeps the ranking of the backend', async () => {
    const a = api();
    await render(a);

    // 2.2.0 ranks above the newer 2.3.0: the page does not sort again.
    expect(await shownVersions()).toEqual(['2.2.0', '2.3.0']);
    expect(a.getReleasePicker).toHaveBeenCalledWith({ system: systemRef });

    await userEvent.setup().click(
      screen.getByRole('checkbox', {
        name: 'Show releases that did not pass',
      }),
    );
    expect(await shownVersions()).toEqual(['2.2.0', '2.3.0', '2.4.0', '2.1.0']);
  });

  it('shows what prod runs, where stability was measured, and each release in full', async () => {
    await render(api());

    expect(
      await screen.findByText('Prod runs shop 2.0.0 (v2.0.0).'),
    ).toBeInTheDocument();
    expect(screen.getByText('Stability measured in staging.')).toBeVisible();

    const r = row('2.2.0');
    expect(within(r).getByText(/v2\.2\.0/)).toBeInTheDocument();
    expect(
      within(r).getByLabelText('Stability of shop 2.2.0: 96 · stable'),
    ).toBeInTheDocument();
    expect(within(r).getByText('Passed')).toBeInTheDocument();
    expect(
      within(
        within(r).getByRole('list', { name: 'Why 2.2.0 passed' }),
      ).getByText('every component soaked 24h in staging, lowest score 96'),
    ).toBeInTheDocument();
    expect(
      within(r).getByLabelText('low risk of shop 2.2.0'),
    ).toBeInTheDocument();
    expect(within(r).getByText('100%')).toBeInTheDocument();
    const components = within(r).getByRole('list', {
      name: 'Components of 2.2.0',
    });
    expect(
      within(components)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'cart → 1.5.0 (minor) 96 · stable',
      'checkout → 3.0.1 (patch) 98 · stable',
    ]);

    const other = row('2.3.0');
    expect(within(other).getByText('75%')).toBeInTheDocument();
    // A component without SLOs is not judged: no score, not "no data" either.
    expect(
      within(within(other).getByRole('list', { name: 'Components of 2.3.0' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'cart → 1.6.0 (minor) 91 · beta',
      'search → 0.9.0 not judged (no SLOs)',
    ]);
    expect(
      within(other).getByLabelText('medium risk of shop 2.3.0'),
    ).toBeInTheDocument();
  });

  it('shows a release without score as no data, never as 0', async () => {
    const user = userEvent.setup();
    await render(api());

    await user.click(
      await screen.findByRole('checkbox', {
        name: 'Show releases that did not pass',
      }),
    );
    const r = row('2.4.0');
    expect(
      within(r).getByLabelText('Stability of shop 2.4.0: no data'),
    ).toBeInTheDocument();
    expect(
      within(r).getByLabelText('Stability of checkout 4.0.0: no data'),
    ).toBeInTheDocument();
    expect(within(r).queryByText(/^0\b/)).toBeNull();
    expect(within(r).getByText('25%')).toBeInTheDocument();
  });

  it('hides releases that did not pass, and offers them disabled with the reason', async () => {
    const user = userEvent.setup();
    await render(api());

    await shownVersions();
    expect(screen.queryByText('Did not pass')).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Promote shop 2.1.0 to canary' }),
    ).toBeNull();

    await user.click(
      screen.getByRole('checkbox', { name: 'Show releases that did not pass' }),
    );
    const action = await screen.findByRole('button', {
      name: 'Promote shop 2.1.0 to canary',
    });
    expect(action).toBeDisabled();
    expect(action).toHaveAccessibleDescription(
      'Did not pass: cart 1.4.1 scored 62, below 90',
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Promote shop 2.2.0 to canary' }),
      ).toBeEnabled(),
    );
  });

  it('promotes to canary once on a double click, preselected', async () => {
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
    expect(
      within(dialog).getByRole('combobox', { name: 'Environment' }),
    ).toHaveValue('canary');
    const submit = within(dialog).getByRole('button', {
      name: 'Promote to canary',
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
      environment: 'canary',
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    // What runs changed: the picker and environments are read again.
    await waitFor(() => expect(a.getReleasePicker).toHaveBeenCalledTimes(2));
  });

  it('shows a 403 in the dialog', async () => {
    const user = userEvent.setup();
    const a = api({
      promoteProductRelease: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            403,
            'NotAllowedError',
            'Not allowed to promote component:default/cart',
          ),
        ),
    });
    await render(a);

    const dialog = await openDialog(user);
    await user.click(
      within(dialog).getByRole('button', { name: 'Promote to canary' }),
    );
    expect(
      await within(dialog).findByText(
        'Not allowed to promote every component of shop',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Not allowed to promote component:default/cart'),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('promotes to the first prod environment when there is no canary', async () => {
    const user = userEvent.setup();
    const a = api({
      getProductEnvironments: jest.fn().mockResolvedValue(withoutCanary),
      getEnvironments: jest.fn().mockResolvedValue(componentEnvironments),
    });
    await render(a);

    const dialog = await openDialog(user, '2.2.0', 'live');
    await user.click(
      within(dialog).getByRole('button', { name: 'Promote to live' }),
    );
    await waitFor(() =>
      expect(a.promoteProductRelease).toHaveBeenCalledWith(
        expect.objectContaining({ version: '2.2.0', environment: 'live' }),
      ),
    );
    expect(a.getEnvironments).toHaveBeenCalledWith('component:default/cart');
  });

  it('expands what a release adds over prod, grouped by component', async () => {
    const user = userEvent.setup();
    await render(api());

    const toggle = await screen.findByRole('button', {
      name: 'Show what 2.2.0 adds over prod',
    });
    expect(
      screen.queryByRole('region', { name: 'What 2.2.0 adds over prod' }),
    ).toBeNull();
    await user.click(toggle);

    const adds = screen.getByRole('region', {
      name: 'What 2.2.0 adds over prod',
    });
    expect(
      within(adds)
        .getAllByRole('heading')
        .map(h => h.textContent),
    ).toEqual(['cart', 'Features', 'checkout', 'Bug Fixes']);
    expect(within(adds).getByText('pay with gift cards')).toBeInTheDocument();
    expect(within(adds).getByText('rounding of totals')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Hide what 2.2.0 adds over prod' }),
    ).toHaveAttribute('aria-expanded', 'true');

    await user.click(
      screen.getByRole('button', { name: 'Show what 2.3.0 adds over prod' }),
    );
    expect(
      within(
        screen.getByRole('region', { name: 'What 2.3.0 adds over prod' }),
      ).getByText('Nothing over what prod runs.'),
    ).toBeInTheDocument();
  });

  it('says so when the product has no release yet', async () => {
    await render(
      api({
        getReleasePicker: jest.fn().mockResolvedValue({
          ...pickerResponse,
          prod: null,
          releases: [],
        }),
      }),
    );

    expect(
      await screen.findByText('No product release yet.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Prod runs no single product release.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows why the picker could not be read', async () => {
    await render(
      api({
        getReleasePicker: jest
          .fn()
          .mockRejectedValue(
            await responseError(500, 'Error', 'the metrics store is down'),
          ),
      }),
    );

    expect(
      await screen.findByText('The release picker could not be read'),
    ).toBeInTheDocument();
    expect(screen.getByText('the metrics store is down')).toBeInTheDocument();
  });

  it('explains the annotation when the System has no product repository', async () => {
    await render(
      api({
        getReleasePicker: jest
          .fn()
          .mockRejectedValue(
            await responseError(
              400,
              'InputError',
              'system:default/shop has no releases-for-backstage.io/product-repo annotation',
            ),
          ),
      }),
    );

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(/releases-for-backstage\.io\/product-repo/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByText('The release picker could not be read'),
    ).toBeNull();
  });
});
