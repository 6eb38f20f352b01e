import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Freeze } from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  matrixResponse,
  promotionAt,
  systemEntity,
  systemRef,
} from '../../__fixtures__/environments';
import { FakeSignalApi, signalOf } from '../../__fixtures__/fakeSignalApi';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { EntityProductMatrixContent } from './EntityProductMatrixContent';

/** Without `signals`, the app has no signalApiRef. */
function renderMatrix(api: ReleasesApi, signals?: FakeSignalApi) {
  const matrix = (
    <EntityProvider entity={systemEntity}>
      <EntityProductMatrixContent />
    </EntityProvider>
  );
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      {signals ? (
        <TestApiProvider apis={[[signalApiRef, signals]]}>
          {matrix}
        </TestApiProvider>
      ) : (
        matrix
      )}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const componentNames = () =>
  within(screen.getByRole('table', { name: 'Versions per environment' }))
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell')[0].textContent);

describe('EntityProductMatrixContent', () => {
  it('shows one row per component and one column per environment', async () => {
    const api = mockReleasesApi();
    await renderMatrix(api);

    const table = await screen.findByRole('table', {
      name: 'Versions per environment',
    });
    expect(api.getMatrix).toHaveBeenCalledWith(systemRef);
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Component', 'dev', 'qa', 'staging', 'prod']);
    expect(componentNames()).toEqual(['cart', 'Checkout', 'search']);

    const checkout = screen.getByRole('row', { name: /^Checkout/ });
    const cells = within(checkout).getAllByRole('cell');
    expect(cells[2]).toHaveTextContent('v2.1.0-rc.3deploying');
    expect(within(cells[2]).getByText('v2.1.0-rc.3').tagName).toBe('CODE');
    expect(cells[4]).toHaveTextContent('v2.1.0failed');
    expect(
      within(checkout).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    const search = screen.getByRole('row', { name: /^search/ });
    expect(
      within(search)
        .getAllByRole('cell')
        .slice(1)
        .map(c => c.textContent),
    ).toEqual(['–', '–', '–', '–']);
    expect(screen.getByText('3 components, 1 with drift')).toBeInTheDocument();
  });

  it('marks the environments behind the one before them', async () => {
    await renderMatrix(mockReleasesApi());

    const cart = await screen.findByRole('row', { name: /^cart/ });
    const cells = within(cart).getAllByRole('cell');
    expect(
      within(cells[3]).getByText('behind qa (v1.5.0-rc.1)'),
    ).toBeInTheDocument();
    expect(
      within(cells[4]).getByText('behind staging (v1.4.0-rc.2)'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/^behind /)).toHaveLength(2);
  });

  it('filters the components by name', async () => {
    const user = userEvent.setup();
    await renderMatrix(mockReleasesApi());

    const filter = await screen.findByRole('searchbox', {
      name: 'Filter components',
    });
    await user.type(filter, 'CHECK');
    expect(componentNames()).toEqual(['Checkout']);

    await user.clear(filter);
    await user.type(filter, 'nothing like this');
    expect(screen.getByText('No components match.')).toBeInTheDocument();
    expect(
      screen.queryByRole('row', { name: /^Checkout/ }),
    ).not.toBeInTheDocument();

    await user.clear(filter);
    expect(componentNames()).toEqual(['cart', 'Checkout', 'search']);
  });

  it('keeps only the components with drift', async () => {
    const user = userEvent.setup();
    await renderMatrix(mockReleasesApi());

    const toggle = await screen.findByRole('checkbox', { name: 'Only drift' });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(toggle).toBeChecked();
    expect(componentNames()).toEqual(['cart']);

    await user.type(
      screen.getByRole('searchbox', { name: 'Filter components' }),
      'checkout',
    );
    expect(screen.getByText('No components match.')).toBeInTheDocument();

    await user.click(toggle);
    await waitFor(() => expect(componentNames()).toEqual(['Checkout']));
  });

  it('says when the system has no components', async () => {
    await renderMatrix(
      mockReleasesApi({
        getMatrix: jest.fn().mockResolvedValue({
          system: systemRef,
          environments: ['dev', 'prod'],
          rows: [],
        }),
      }),
    );

    expect(
      await screen.findByText('This system has no components.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the error of the backend', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'InputError', message: 'Invalid query: system' },
          response: { statusCode: 400 },
        }),
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    await renderMatrix(
      mockReleasesApi({ getMatrix: jest.fn().mockRejectedValue(error) }),
    );

    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getAllByText(/Invalid query: system/).length,
    ).toBeGreaterThan(0);
  });

  it('reloads when a promotion of one of its components ends, keeping the filter', async () => {
    jest.useFakeTimers();
    try {
      const user = userEvent.setup({
        advanceTimers: jest.advanceTimersByTime,
      });
      const advance = (ms: number) =>
        act(() => jest.advanceTimersByTimeAsync(ms));
      const checkout = matrixResponse.rows[1];
      const promoted = {
        ...matrixResponse,
        rows: matrixResponse.rows.map(row =>
          row === checkout
            ? {
                ...row,
                cells: {
                  ...row.cells,
                  qa: { ...row.cells.qa, version: 'v2.2.0-rc.1' },
                },
              }
            : row,
        ),
      };
      const api = mockReleasesApi({
        getMatrix: jest
          .fn()
          .mockResolvedValueOnce(matrixResponse)
          .mockResolvedValue(promoted),
      });
      const signals = new FakeSignalApi();
      await renderMatrix(api, signals);
      await user.type(
        await screen.findByRole('searchbox', { name: 'Filter components' }),
        'check',
      );

      // A component of another system, and a promotion still running.
      act(() =>
        signals.publish(
          signalOf(
            promotionAt('succeeded', { entityRef: 'component:default/other' }),
          ),
          signalOf(promotionAt('executing', { entityRef: checkout.entityRef })),
        ),
      );
      await advance(2000);
      expect(api.getMatrix).toHaveBeenCalledTimes(1);

      act(() =>
        signals.publish(
          signalOf(promotionAt('succeeded', { entityRef: checkout.entityRef })),
        ),
      );
      await advance(500);
      expect(api.getMatrix).toHaveBeenCalledTimes(2);
      const row = await screen.findByRole('row', { name: /v2\.2\.0-rc\.1/ });
      expect(within(row).getByRole('link', { name: 'Checkout' })).toBeVisible();
      expect(componentNames()).toEqual(['Checkout']);
    } finally {
      jest.useRealTimers();
    }
  });

  describe('freeze', () => {
    const freeze: Freeze = {
      system: systemRef,
      reason: 'Black Friday: no changes until Monday',
      by: 'user:default/grace',
      at: '2026-11-27T06:00:00.000Z',
    };

    /** A ResponseError as the client throws it for an error of the backend. */
    async function forbidden(message: string) {
      return ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      );
    }

    it('shows above the matrix that the system is frozen, why, by whom and since when, with Lift', async () => {
      await renderMatrix(
        mockReleasesApi({
          listFreezes: jest.fn().mockResolvedValue({
            freezes: [
              { ...freeze, system: 'system:default/other', reason: 'other' },
              freeze,
            ],
          }),
        }),
      );

      const banner = await screen.findByRole('region', {
        name: 'Promotions of shop are frozen',
      });
      expect(banner).toHaveTextContent('Black Friday: no changes until Monday');
      expect(banner).toHaveTextContent(/Frozen by grace since .*2026/);
      expect(banner).not.toHaveTextContent('other');
      expect(
        within(banner).getByRole('button', { name: 'Lift freeze' }),
      ).toBeEnabled();
      expect(
        screen.queryByRole('button', { name: 'Freeze promotions' }),
      ).not.toBeInTheDocument();
      expect(
        banner.compareDocumentPosition(
          screen.getByRole('table', { name: 'Versions per environment' }),
        ) & Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    });

    it('freezes the system with a reason, then shows it frozen', async () => {
      const user = userEvent.setup();
      const listFreezes = jest
        .fn()
        .mockResolvedValueOnce({ freezes: [] })
        .mockResolvedValue({ freezes: [freeze] });
      const api = mockReleasesApi({
        listFreezes,
        freeze: jest.fn().mockResolvedValue(freeze),
      });
      await renderMatrix(api);

      await user.click(
        await screen.findByRole('button', { name: 'Freeze promotions' }),
      );
      const dialog = await screen.findByRole('dialog', {
        name: 'Freeze promotions of shop?',
      });
      expect(dialog).toHaveTextContent(
        'Every promotion of shop waits until the freeze is lifted; rollbacks still run.',
      );
      const confirm = within(dialog).getByRole('button', { name: 'Freeze' });
      expect(confirm).toBeDisabled();
      await user.type(
        within(dialog).getByRole('textbox', { name: /Reason/ }),
        ' Black Friday: no changes until Monday ',
      );
      await user.click(confirm);

      expect(api.freeze).toHaveBeenCalledTimes(1);
      expect(api.freeze).toHaveBeenCalledWith({
        system: 'system:default/shop',
        reason: 'Black Friday: no changes until Monday',
      });
      expect(
        await screen.findByRole('region', {
          name: 'Promotions of shop are frozen',
        }),
      ).toBeInTheDocument();
      expect(listFreezes).toHaveBeenCalledTimes(2);
    });

    it('shows why the backend refused the freeze', async () => {
      const user = userEvent.setup();
      const message =
        'Not allowed: releases.product.freeze on system:default/shop';
      const listFreezes = jest.fn().mockResolvedValue({ freezes: [] });
      await renderMatrix(
        mockReleasesApi({
          listFreezes,
          freeze: jest.fn().mockRejectedValue(await forbidden(message)),
        }),
      );

      await user.click(
        await screen.findByRole('button', { name: 'Freeze promotions' }),
      );
      const dialog = await screen.findByRole('dialog');
      await user.type(
        within(dialog).getByRole('textbox', { name: /Reason/ }),
        'incident',
      );
      await user.click(within(dialog).getByRole('button', { name: 'Freeze' }));

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Freeze refused');
      expect(alert).toHaveTextContent(message);
      expect(
        screen.getByRole('button', { name: 'Freeze promotions' }),
      ).toBeEnabled();
      expect(listFreezes).toHaveBeenCalledTimes(1);
    });
  });
});
