import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { systemEntity, systemRef } from '../../__fixtures__/environments';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import {
  EntityProductReleasesContent,
  PRODUCT_PROMOTIONS_POLL_MS,
} from './EntityProductReleasesContent';
import {
  productEnvironments,
  productPromotion,
  productReleases,
} from './testData';

const succeeded = productPromotion({
  id: 'b0000000-0000-4000-8000-000000000002',
  version: '2.1.0',
  tag: 'v2.1.0',
  state: 'succeeded',
  commit: 'c0ffee1234567890c0ffee1234567890c0ffee12',
  createdBy: 'user:default/grace',
  members: [
    {
      component: 'cart',
      entityRef: 'component:default/cart',
      promotionId: 'p-1',
      manifestVersion: '1.4.0',
      version: 'v1.4.0-rc.1',
      previousVersion: null,
      state: 'succeeded',
      reason: null,
    },
    {
      component: 'checkout',
      entityRef: 'component:default/checkout',
      promotionId: 'p-2',
      manifestVersion: '3.0.0',
      version: 'v3.0.0-rc.1',
      previousVersion: null,
      state: 'succeeded',
      reason: null,
    },
  ],
  skipped: [],
});

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
    listProductPromotions: jest
      .fn()
      .mockResolvedValue({ items: [productPromotion(), succeeded] }),
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

describe('ProductPromotionsCard', () => {
  it('lists the latest product promotions with state, author, commit and members', async () => {
    const a = api();
    await render(a);

    const table = await screen.findByRole('table', {
      name: 'Product promotions',
    });
    const [active, done] = within(table).getAllByRole('row').slice(1);
    expect(within(active).getByText('2.2.0')).toBeInTheDocument();
    expect(within(active).getByText('qa')).toBeInTheDocument();
    expect(within(active).getByText('active')).toBeInTheDocument();
    expect(within(active).getByText('ada')).toBeInTheDocument();
    expect(
      within(
        within(active).getByRole('list', {
          name: 'Components of the promotion of v2.2.0 to qa',
        }),
      )
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'cart waiting-for-gates',
      'checkout skipped: qa runs v3.0.0-rc.1 already',
    ]);

    // Version, environment, state of the product promotion.
    expect(
      within(done)
        .getAllByRole('cell')
        .slice(0, 3)
        .map(c => c.textContent),
    ).toEqual(['2.1.0', 'qa', 'succeeded']);
    expect(within(done).getByText('grace')).toBeInTheDocument();
    expect(within(done).getByText('c0ffee1')).toBeInTheDocument();
    expect(
      within(done).getByRole('link', { name: 'checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout/promotion');
    expect(a.listProductPromotions).toHaveBeenCalledWith(systemRef, {
      limit: 10,
    });
  });

  it('takes one vote for the whole product while its components wait for votes', async () => {
    const user = userEvent.setup();
    const getVotes = jest.fn(async (promotionId: string) => ({
      promotionId,
      roles: [{ role: 'sre', groups: ['group:default/sre'], mayVote: true }],
      votes: [],
    }));
    const a = api({
      getVotes,
      castProductVote: jest.fn().mockResolvedValue({
        productPromotionId: productPromotion().id,
        votes: [],
      }),
    });
    await render(a);

    const card = (await screen.findByText('Go/no-go votes')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    expect(card).toHaveTextContent(
      'shop v2.2.0 to qa: every role must vote go. One vote counts for every component.',
    );
    // Roles and votes are read from the first waiting component.
    expect(getVotes).toHaveBeenCalledWith('p-cart');
    await user.click(within(card).getByRole('button', { name: 'Go for sre' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Go for shop v2.2.0 as sre?',
    });
    expect(dialog).toHaveTextContent(
      'It is cast on every component of v2.2.0 that waits for votes.',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'dashboards calm',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Go' }));
    expect(a.castProductVote).toHaveBeenCalledWith(productPromotion().id, {
      role: 'sre',
      decision: 'go',
      reason: 'dashboards calm',
    });
    expect(a.castVote).not.toHaveBeenCalled();
  });

  it('shows no votes card where no role votes', async () => {
    await render(api());
    await screen.findByRole('table', { name: 'Product promotions' });
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(screen.queryByText('Go/no-go votes')).not.toBeInTheDocument();
  });

  it('says when there is none', async () => {
    await render(
      api({
        listProductPromotions: jest.fn().mockResolvedValue({ items: [] }),
      }),
    );

    expect(
      await screen.findByText('No product promotion yet.'),
    ).toBeInTheDocument();
  });

  it('reads them again every 3 s while one runs, then the environments once', async () => {
    jest.useFakeTimers();
    try {
      const a = api({
        listProductPromotions: jest
          .fn()
          .mockResolvedValueOnce({ items: [productPromotion(), succeeded] })
          .mockResolvedValueOnce({ items: [productPromotion(), succeeded] })
          .mockResolvedValue({
            items: [
              productPromotion({
                state: 'succeeded',
                commit: 'd00d00d00d00d00d00d00d00d00d00d00d00d00d',
              }),
              succeeded,
            ],
          }),
      });
      await render(a);
      await screen.findByRole('table', { name: 'Product promotions' });
      expect(a.listProductPromotions).toHaveBeenCalledTimes(1);
      expect(a.getProductEnvironments).toHaveBeenCalledTimes(1);

      await act(() =>
        jest.advanceTimersByTimeAsync(PRODUCT_PROMOTIONS_POLL_MS - 100),
      );
      expect(a.listProductPromotions).toHaveBeenCalledTimes(1);
      await act(() => jest.advanceTimersByTimeAsync(100));
      expect(a.listProductPromotions).toHaveBeenCalledTimes(2);
      await act(() =>
        jest.advanceTimersByTimeAsync(PRODUCT_PROMOTIONS_POLL_MS),
      );
      expect(a.listProductPromotions).toHaveBeenCalledTimes(3);
      expect(await screen.findByText('d00d00d')).toBeInTheDocument();
      // It ended: what the environments run changed.
      expect(a.getProductEnvironments).toHaveBeenCalledTimes(2);

      await act(() =>
        jest.advanceTimersByTimeAsync(5 * PRODUCT_PROMOTIONS_POLL_MS),
      );
      expect(a.listProductPromotions).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
