// The judgement on the Releases tab: risk chips, blessed badges with the
// un-bless action, and test results. A file of its own: the permission
// answers are cached per entity for a whole file.
import type { Entity } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  blessedRelease,
  highChange,
  integrationFailed,
  lowChange,
  mediumChange,
  riskOf,
  smokePassed,
} from '../../__fixtures__/judgement';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { annotatedEntity, entityRef } from '../../__fixtures__/releases';
import { EntityReleasesContent } from './EntityReleasesContent';

/** Stands in for `permissionApiRef` (looked up by id) of @backstage/plugin-permission-react. */
const permissionApiRef = createApiRef<{
  authorize(request: unknown): Promise<{ result: 'ALLOW' | 'DENY' }>;
}>({ id: 'plugin.permission.api' });

const payments: Entity = {
  ...annotatedEntity,
  metadata: { ...annotatedEntity.metadata, name: 'payments' },
};

function judgementApi(overrides: Partial<jest.Mocked<ReleasesApi>> = {}) {
  return mockReleasesApi({
    getRisk: jest.fn(async request => {
      if (request.version === 'next') {
        return riskOf('next', [mediumChange, highChange]);
      }
      return riskOf(
        request.version ?? null,
        request.version === '1.4.0' ? [lowChange] : [],
      );
    }),
    listBlessed: jest
      .fn()
      .mockResolvedValue({ releases: [blessedRelease('1.4.0')] }),
    listResults: jest.fn(async request => ({
      entityRef: request.entityRef,
      results:
        request.version === '1.4.0' ? [integrationFailed, smokePassed] : [],
    })),
    ...overrides,
  });
}

async function renderContent(
  api: ReleasesApi,
  {
    entity = annotatedEntity,
    permission = 'ALLOW',
  }: { entity?: Entity; permission?: 'ALLOW' | 'DENY' } = {},
) {
  const permissions = {
    authorize: jest.fn(async (_request: unknown) => ({ result: permission })),
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [releasesApiRef, api],
        [permissionApiRef, permissions],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityReleasesContent />
      </EntityProvider>
    </TestApiProvider>,
  );
  return permissions;
}

const historyTable = async () =>
  (await screen.findByRole('heading', { name: 'Release history' })).closest(
    '.MuiPaper-root',
  ) as HTMLElement;

jest.setTimeout(20_000);

describe('EntityReleasesContent (judgement)', () => {
  it('shows the risk of the next version, its highest change, and of each unreleased change', async () => {
    const user = userEvent.setup();
    const api = judgementApi();
    await renderContent(api);

    const card = (
      await screen.findByRole('heading', { name: 'Next version' })
    ).closest('.MuiCard-root') as HTMLElement;
    const chip = await within(card).findByRole('button', {
      name: 'high risk of the unreleased commits',
    });
    expect(api.getRisk).toHaveBeenCalledWith({ entityRef, version: 'next' });

    const features = within(card).getByRole('region', { name: 'Features' });
    expect(
      within(features).getByRole('button', { name: 'medium risk of #12' }),
    ).toBeInTheDocument();
    const breaking = within(card).getByRole('region', {
      name: 'Breaking changes',
    });
    expect(
      within(breaking).getByRole('button', { name: 'high risk of 8888888' }),
    ).toBeInTheDocument();
    // No risk known for the fix: no chip.
    const fixes = within(card).getByRole('region', { name: 'Bug fixes' });
    expect(within(fixes).queryByRole('button')).not.toBeInTheDocument();

    await user.click(chip);
    const dialog = await screen.findByRole('dialog', {
      name: 'Why the unreleased commits is high risk',
    });
    expect(dialog).toHaveTextContent('Decided by hard rule big-core-change');
  });

  it('gives each release a risk chip and a blessed badge', async () => {
    const api = judgementApi();
    await renderContent(api);

    const history = await historyTable();
    const final = within(history).getByRole('row', {
      name: /1\.4\.0 v1\.4\.0/,
    });
    expect(
      await within(final).findByRole('button', { name: 'low risk of 1.4.0' }),
    ).toBeInTheDocument();
    expect(within(final).getByText('blessed')).toBeInTheDocument();
    const rc = within(history).getByRole('row', { name: /1\.4\.0-rc\.1/ });
    expect(
      await within(rc).findByRole('button', { name: 'low risk of 1.4.0-rc.1' }),
    ).toBeInTheDocument();
    expect(within(rc).queryByText('blessed')).not.toBeInTheDocument();
    expect(api.getRisk).toHaveBeenCalledWith({ entityRef, version: '1.4.0' });
    expect(api.listBlessed).toHaveBeenCalledWith(entityRef);
  });

  it("lists a release's test results in its details", async () => {
    const user = userEvent.setup();
    const api = judgementApi();
    await renderContent(api);

    await user.click(
      await screen.findByRole('button', { name: 'Show changes of 1.4.0' }),
    );
    const results = await screen.findByRole('table', {
      name: 'Test results of 1.4.0',
    });
    expect(api.listResults).toHaveBeenCalledWith({
      entityRef,
      version: '1.4.0',
    });
    const [integration, smoke] = within(results).getAllByRole('row').slice(1);
    expect(integration).toHaveTextContent(
      /^integrationfailedtoggle onisolatedcheckout flow times out.*ago–$/,
    );
    expect(smoke).toHaveTextContent(/^smokepassed–qa12 checks passed/);
    expect(
      within(smoke).getByRole('link', {
        name: /^Open the smoke run of 1\.4\.0/,
      }),
    ).toHaveAttribute('href', smokePassed.url);

    await user.click(
      screen.getByRole('button', { name: 'Show changes of 1.4.0-rc.1' }),
    );
    expect(
      await screen.findByText('No test results reported for 1.4.0-rc.1.'),
    ).toBeInTheDocument();
  });

  it('hides Un-bless from users without releases.release.bless', async () => {
    const user = userEvent.setup();
    const api = judgementApi();
    const permissions = await renderContent(api, {
      entity: payments,
      permission: 'DENY',
    });

    await user.click(
      await screen.findByRole('button', { name: 'Show changes of 1.4.0' }),
    );
    await screen.findByRole('table', { name: 'Test results of 1.4.0' });
    await waitFor(() =>
      expect(permissions.authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'releases.release.bless',
          }),
          resourceRef: 'component:default/payments',
        }),
      ),
    );
    expect(
      screen.queryByRole('button', { name: /Un-bless/ }),
    ).not.toBeInTheDocument();
  });

  it('un-blesses a release only with a reason, then shows it un-blessed', async () => {
    const user = userEvent.setup();
    const unblessed = blessedRelease('1.4.0', {
      blessed: false,
      reason: 'corrupts saved carts',
      by: 'user:default/ada',
      at: '2026-11-20T12:00:00.000Z',
    });
    const unbless = jest.fn().mockResolvedValue(unblessed);
    const api = judgementApi({
      // Un-blessed once the backend was asked to.
      listBlessed: jest.fn(async (_entityRef: string) => ({
        releases:
          unbless.mock.calls.length > 0
            ? [blessedRelease('1.4.0'), unblessed]
            : [blessedRelease('1.4.0')],
      })),
      unbless,
    });
    await renderContent(api);

    await user.click(
      await screen.findByRole('button', { name: 'Show changes of 1.4.0' }),
    );
    await user.click(
      await screen.findByRole('button', { name: 'Un-bless 1.4.0' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Un-bless 1.4.0?',
    });
    const confirm = within(dialog).getByRole('button', { name: 'Un-bless' });
    expect(confirm).toBeDisabled();
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'corrupts saved carts',
    );
    await user.click(confirm);

    expect(api.unbless).toHaveBeenCalledWith({
      entityRef,
      version: '1.4.0',
      reason: 'corrupts saved carts',
    });
    const history = await historyTable();
    expect(
      await within(history).findByLabelText('un-blessed: corrupts saved carts'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Un-bless 1.4.0' }),
    ).not.toBeInTheDocument();
  });
});
