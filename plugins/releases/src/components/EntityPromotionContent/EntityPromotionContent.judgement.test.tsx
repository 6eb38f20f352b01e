// The judgement on the Promotion tab: release window and freeze, break
// glass, votes, blessed versions and the risk of what changes. A file of
// its own: the permission answers are cached per entity for a whole file.
import type { Entity } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ChangeRisk } from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  historyItems,
  promotionAt,
  promotionReleasesResponse,
} from '../../__fixtures__/environments';
import {
  blessedRelease,
  closedWindow,
  frozenWindow,
  mediumChange,
  riskOf,
  votesResponse,
} from '../../__fixtures__/judgement';
import { FakeSignalApi, signalOf } from '../../__fixtures__/fakeSignalApi';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { annotatedEntity, entityRef } from '../../__fixtures__/releases';
import { EntityPromotionContent } from './EntityPromotionContent';

/** Stands in for `permissionApiRef` (looked up by id) of @backstage/plugin-permission-react. */
const permissionApiRef = createApiRef<{
  authorize(request: {
    permission: { name: string };
    resourceRef?: string;
  }): Promise<{ result: 'ALLOW' | 'DENY' }>;
}>({ id: 'plugin.permission.api' });

function permissionApi(result: 'ALLOW' | 'DENY') {
  return { authorize: jest.fn(async (_request: unknown) => ({ result })) };
}

/** cart in the shop system. */
const shopCart: Entity = {
  ...annotatedEntity,
  spec: { ...annotatedEntity.spec, system: 'shop' },
};

/** Another entity, so its permission answers are not the cached ones of cart. */
const payments: Entity = {
  ...annotatedEntity,
  metadata: { ...annotatedEntity.metadata, name: 'payments' },
};

function promotionApi(overrides: Partial<jest.Mocked<ReleasesApi>> = {}) {
  return mockReleasesApi({
    getReleases: jest.fn().mockResolvedValue(promotionReleasesResponse),
    ...overrides,
  });
}

async function renderContent(
  api: ReleasesApi,
  {
    entity = shopCart,
    permission = 'ALLOW',
  }: { entity?: Entity; permission?: 'ALLOW' | 'DENY' } = {},
) {
  const permissions = permissionApi(permission);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [releasesApiRef, api],
        [permissionApiRef, permissions],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityPromotionContent pollIntervalMs={60_000} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return permissions;
}

const targetSelect = () =>
  screen.findByRole('combobox', { name: 'Target environment' });

jest.setTimeout(20_000);

describe('EntityPromotionContent (judgement)', () => {
  it('while the window is closed, shows when it opens and disables Promote for users who may not break glass', async () => {
    const api = promotionApi({
      getWindowStatus: jest.fn().mockResolvedValue(closedWindow),
    });
    const permissions = await renderContent(api, {
      entity: payments,
      permission: 'DENY',
    });

    const banner = await screen.findByRole('region', {
      name: 'Release window closed',
    });
    expect(banner).toHaveTextContent(/Opens at .*2026, \d\d:00 \(.+\), in /);
    expect(banner).toHaveTextContent(/Voting opens earlier|Voting is open/);
    expect(api.getWindowStatus).toHaveBeenCalledWith(
      'component:default/payments',
    );

    await targetSelect();
    const promote = screen.getByRole('button', { name: 'Promote to dev' });
    expect(promote).toBeDisabled();
    await waitFor(() =>
      expect(permissions.authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'releases.promotion.override',
          }),
          resourceRef: 'component:default/payments',
        }),
      ),
    );
    expect(promote).toHaveAccessibleDescription(
      'Promotions may not start now: outside window weekday-mornings Breaking glass takes the releases.promotion.override permission.',
    );
    expect(
      screen.queryByRole('button', { name: 'Break glass' }),
    ).not.toBeInTheDocument();
  });

  it('breaks glass only with a reason, and sends it as the override', async () => {
    const user = userEvent.setup();
    const api = promotionApi({
      getWindowStatus: jest.fn().mockResolvedValue(closedWindow),
      createPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
      getPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
    });
    await renderContent(api);

    await user.selectOptions(await targetSelect(), 'qa');
    expect(
      screen.getByRole('button', { name: 'Promote to qa' }),
    ).toBeDisabled();
    await user.click(
      await screen.findByRole('button', { name: 'Break glass' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Break glass: promote to qa now?',
    });
    const confirm = within(dialog).getByRole('button', {
      name: 'Break glass and promote',
    });
    expect(confirm).toBeDisabled();
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'checkout is down, fix must go out',
    );
    await user.click(confirm);

    await waitFor(() => expect(api.createPromotion).toHaveBeenCalledTimes(1));
    expect(api.createPromotion).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef,
        environment: 'qa',
        override: { reason: 'checkout is down, fix must go out' },
      }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Promotion to qa' }),
    ).toBeInTheDocument();
  });

  it('shows the freeze of the product with reason, who and since when', async () => {
    const api = promotionApi({
      getWindowStatus: jest.fn().mockResolvedValue(frozenWindow),
      listFreezes: jest.fn().mockResolvedValue({
        freezes: [
          {
            system: 'system:default/other',
            reason: 'not ours',
            by: 'user:default/linus',
            at: '2026-11-01T00:00:00.000Z',
          },
          {
            system: 'system:default/shop',
            reason: 'Black Friday',
            by: 'user:default/ada',
            at: '2026-11-27T06:00:00.000Z',
          },
        ],
      }),
    });
    await renderContent(api);

    const banner = await screen.findByRole('region', {
      name: 'Promotions are frozen',
    });
    await waitFor(() => expect(banner).toHaveTextContent('Black Friday'));
    expect(banner).toHaveTextContent(/Frozen by ada since Fri 27 Nov 2026/);
    expect(banner).not.toHaveTextContent('not ours');
    await targetSelect();
    expect(
      screen.getByRole('button', { name: 'Promote to dev' }),
    ).toBeDisabled();
  });

  it('asks nothing about breaking glass while the window is open', async () => {
    const api = promotionApi();
    const permissions = await renderContent(api);

    await targetSelect();
    expect(
      screen.getByRole('button', { name: 'Promote to dev' }),
    ).toBeEnabled();
    expect(
      screen.queryByRole('region', { name: /Release window|frozen/ }),
    ).not.toBeInTheDocument();
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('shows the votes of a running promotion that waits for them', async () => {
    const waiting = promotionAt('waiting-for-gates', {
      environment: 'prod',
      version: 'v1.6.0',
      gates: [
        { id: 'votes', status: 'pending', required: true, detail: 'ops' },
      ],
    });
    const api = promotionApi({
      listPromotions: jest
        .fn()
        .mockResolvedValue({ items: [waiting, ...historyItems] }),
      getPromotion: jest.fn().mockResolvedValue(waiting),
      getVotes: jest.fn().mockResolvedValue(votesResponse),
    });
    await renderContent(api);

    const votes = await screen.findByRole('table', { name: 'Votes' });
    expect(api.getVotes).toHaveBeenCalledWith('p-1');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'No-go from product-owner (ada)',
    );
    expect(
      within(votes).getByRole('button', { name: 'Go for ops' }),
    ).toBeEnabled();
    const gates = screen.getByRole('list', { name: 'Gates' });
    expect(gates).toHaveTextContent(
      'Requires: Every required role votes go; a single no-go stops the promotion.',
    );
  });

  it('reads the votes again when the backend signals a change of the promotion', async () => {
    const waiting = promotionAt('waiting-for-gates', {
      environment: 'prod',
      version: 'v1.6.0',
      gates: [
        { id: 'votes', status: 'pending', required: true, detail: 'ops' },
      ],
    });
    const signals = new FakeSignalApi();
    const api = promotionApi({
      listPromotions: jest.fn().mockResolvedValue({ items: [waiting] }),
      getPromotion: jest.fn().mockResolvedValue(waiting),
      getVotes: jest.fn().mockResolvedValue(votesResponse),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [releasesApiRef, api],
          [signalApiRef, signals],
          [permissionApiRef, permissionApi('ALLOW')],
        ]}
      >
        <EntityProvider entity={shopCart}>
          <EntityPromotionContent pollIntervalMs={60_000} />
        </EntityProvider>
      </TestApiProvider>,
    );
    await screen.findByRole('table', { name: 'Votes' });
    const reads = api.getVotes.mock.calls.length;

    // Someone else voted: the backend signals the promotion.
    act(() => signals.publish(signalOf(waiting)));
    await waitFor(() =>
      expect(api.getVotes.mock.calls.length).toBeGreaterThan(reads),
    );
    expect(api.getVotes).toHaveBeenLastCalledWith('p-1');
  });

  it('marks the blessed version an environment runs, and the risk of what a promotion brings', async () => {
    const user = userEvent.setup();
    const savedCarts: ChangeRisk = {
      ...mediumChange,
      commits: ['e000005'.padEnd(40, 'e')],
    };
    const api = promotionApi({
      listBlessed: jest
        .fn()
        .mockResolvedValue({ releases: [blessedRelease('1.4.0')] }),
      getRisk: jest.fn(async request =>
        riskOf(
          request.version ?? null,
          request.version === '1.5.0-rc.1' ? [savedCarts] : [],
        ),
      ),
    });
    await renderContent(api);

    const environments = await screen.findByRole('table', {
      name: 'Environments',
    });
    await waitFor(() =>
      expect(
        within(
          within(environments).getByRole('row', { name: /^prod/ }),
        ).getByText('blessed'),
      ).toBeInTheDocument(),
    );
    expect(
      within(
        within(environments).getByRole('row', { name: /^qa/ }),
      ).queryByText('blessed'),
    ).not.toBeInTheDocument();

    await user.selectOptions(await targetSelect(), 'staging');
    const changes = (
      await screen.findByRole('heading', { name: 'What changes' })
    ).closest('.MuiCard-root') as HTMLElement;
    expect(
      await within(changes).findByRole('button', {
        name: 'medium risk of the promotion to staging',
      }),
    ).toBeInTheDocument();
    expect(
      within(changes).getByRole('button', { name: 'medium risk of #12' }),
    ).toBeInTheDocument();
    expect(api.getRisk).toHaveBeenCalledWith({
      entityRef,
      version: '1.5.0-rc.1',
    });
    expect(api.getRisk).toHaveBeenCalledWith({ entityRef, version: '1.4.0' });
  });
});
