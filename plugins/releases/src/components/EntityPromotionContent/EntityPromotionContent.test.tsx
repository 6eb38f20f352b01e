// Over 400 lines: The Promotion tab as a user drives it (form, preview, approvals, abort, rollback, live updates, refusals) on one set of API fakes; the scenarios build on the same page.
import type { Entity } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Promotion } from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  environmentsResponse,
  historyItems,
  promotionAt,
  promotionReleasesResponse,
} from '../../__fixtures__/environments';
import { FakeSignalApi, signalOf } from '../../__fixtures__/fakeSignalApi';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import {
  annotatedEntity,
  entityRef,
  plainEntity,
  unreleasedResponse,
} from '../../__fixtures__/releases';
import { EntityPromotionContent } from './EntityPromotionContent';

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A ResponseError as the client throws it for an error of the backend. */
async function backendError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText:
          { 403: 'Forbidden', 409: 'Conflict' }[status] ?? 'Bad Request',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

/**
 * The permission API as `usePermission` calls it. APIs are looked up by id,
 * so this stands in for `permissionApiRef` of
 * @backstage/plugin-permission-react, which this package does not depend on.
 */
interface PermissionApiStandIn {
  authorize(request: {
    permission: { name: string };
    resourceRef?: string;
  }): Promise<{ result: 'ALLOW' | 'DENY' }>;
}
const permissionApiRef = createApiRef<PermissionApiStandIn>({
  id: 'plugin.permission.api',
});
function permissionApi(result: 'ALLOW' | 'DENY') {
  return {
    authorize: jest.fn<
      ReturnType<PermissionApiStandIn['authorize']>,
      Parameters<PermissionApiStandIn['authorize']>
    >(async () => ({ result })),
  };
}

function promotionApi(overrides: Partial<jest.Mocked<ReleasesApi>> = {}) {
  return mockReleasesApi({
    getReleases: jest.fn().mockResolvedValue(promotionReleasesResponse),
    ...overrides,
  });
}

async function renderContent(
  api: ReleasesApi,
  entity: Entity = annotatedEntity,
  pollIntervalMs = 10,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityPromotionContent pollIntervalMs={pollIntervalMs} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

/**
 * With signals. The 10 ms poll interval applies only without them: were it
 * used, the promotion would be read long before the tests' waits end.
 */
async function renderWithSignals(api: ReleasesApi, signals: FakeSignalApi) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [releasesApiRef, api],
        [signalApiRef, signals],
      ]}
    >
      <EntityProvider entity={annotatedEntity}>
        <EntityPromotionContent pollIntervalMs={10} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const pause = (ms: number) =>
  act(() => new Promise<void>(resolve => setTimeout(resolve, ms)));

const targetSelect = () =>
  screen.findByRole('combobox', { name: 'Target environment' });
const versionSelect = () => screen.getByRole('combobox', { name: 'Version' });
const progressCard = (title: string) =>
  screen.findByRole('heading', { name: title }).then(h => {
    const card = h.closest('.MuiCard-root');
    if (!(card instanceof HTMLElement)) throw new Error('no card');
    return card;
  });

// Several cards and a material-table per render, and real user events.
jest.setTimeout(20_000);

describe('EntityPromotionContent', () => {
  it('lists the environments, explains the rule of the target and shows the history', async () => {
    const user = userEvent.setup();
    const api = promotionApi();
    await renderContent(api);

    const target = await targetSelect();
    expect(
      within(target)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['dev', 'qa', 'staging', 'canary (prod)', 'prod']);
    expect(target).toHaveValue('dev');
    expect(
      await screen.findByText(/^dev runs work in progress/),
    ).toBeInTheDocument();

    await user.selectOptions(target, 'qa');
    expect(
      screen.getByText(
        /^Promoting into qa tags the head of the release branch/,
      ),
    ).toBeInTheDocument();
    expect(
      within(versionSelect()).getByRole('option', {
        name: 'Next release candidate of 2.0.0',
      }),
    ).toBeInTheDocument();
    expect(
      within(versionSelect())
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'Next release candidate of 2.0.0',
      'v1.5.0-rc.1',
      'v1.4.0',
      'v1.4.0-rc.2',
      'v1.4.0-rc.1',
      'v1.3.0',
      'Other version or tag…',
    ]);
    expect(screen.getByText('v2.0.0-rc.1')).toBeInTheDocument();

    await user.selectOptions(target, 'canary');
    expect(
      screen.getByText(
        /^canary takes the highest release candidate of a version X\.Y\.Z and tags it vX\.Y\.Z/,
      ),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('button', { name: 'Roll back staging' }),
    ).toBeEnabled();
    const history = screen
      .getByRole('heading', { name: 'Promotion history' })
      .closest('.MuiPaper-root') as HTMLElement;
    const failed = within(history).getByRole('row', { name: /prod/ });
    expect(within(failed).getByText('failed')).toBeInTheDocument();
    expect(
      within(failed).getByText('executor deploy-hook failed: timeout'),
    ).toBeInTheDocument();
    expect(api.listPromotions).toHaveBeenCalledWith({ entityRef, limit: 50 });
  });

  it('shows what changes between what the target runs and the version it would get', async () => {
    const user = userEvent.setup();
    await renderContent(promotionApi());

    await user.selectOptions(await targetSelect(), 'staging');
    const changes = (
      await screen.findByRole('heading', { name: 'What changes' })
    ).closest('.MuiCard-root') as HTMLElement;
    expect(
      within(changes).getByText(
        'From v1.4.0-rc.2 to v1.5.0-rc.1 in staging: 1 change from 2 releases (v1.5.0-rc.1, v1.4.0).',
      ),
    ).toBeInTheDocument();
    const features = within(changes).getByRole('region', { name: 'Features' });
    expect(within(features).getByText('saved carts')).toBeInTheDocument();
    // Already in staging through v1.4.0-rc.2.
    expect(
      within(changes).queryByText('pay with gift cards'),
    ).not.toBeInTheDocument();

    await user.selectOptions(versionSelect(), 'v1.3.0');
    expect(
      within(changes).getByText(
        'v1.3.0 is older than v1.4.0-rc.2, which staging runs: this goes back.',
      ),
    ).toBeInTheDocument();
  });

  it('promotes with a fresh idempotency key and follows the promotion until it succeeds', async () => {
    const user = userEvent.setup();
    const api = promotionApi({
      createPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
      getPromotion: jest
        .fn()
        .mockResolvedValueOnce(promotionAt('executing'))
        .mockResolvedValue(promotionAt('succeeded')),
    });
    await renderContent(api);

    await user.selectOptions(await targetSelect(), 'qa');
    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));

    expect(api.createPromotion).toHaveBeenCalledTimes(1);
    const request = api.createPromotion.mock.calls[0][0];
    expect(request).toEqual({
      entityRef,
      environment: 'qa',
      idempotencyKey: expect.stringMatching(UUID),
    });

    const card = await progressCard('Promotion to qa');
    await waitFor(() =>
      expect(within(card).getByText(/^State:/)).toHaveTextContent(
        'State: succeeded',
      ),
    );
    expect(api.getPromotion).toHaveBeenCalledWith('p-1');
    expect(api.getPromotion).toHaveBeenCalledTimes(2);
    expect(
      within(card).getByText(
        'v1.5.0-rc.1 → v1.6.0-rc.1 (created tag v1.6.0-rc.1)',
      ),
    ).toBeInTheDocument();
    const events = within(card).getByRole('list', { name: 'Promotion events' });
    const items = within(events)
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(items).toHaveLength(5);
    [
      /^requested.* ago by ada$/,
      /^approved – no gates apply.* ago by releases:engine$/,
      /^executing.* ago by releases:engine$/,
      /^verifying – tagged v1\.6\.0-rc\.1; environment\/qa at 0123456789ab/,
      /^succeeded/,
    ].forEach((pattern, i) => expect(items[i]).toMatch(pattern));
    expect(
      within(card).queryByRole('button', { name: 'Abort' }),
    ).not.toBeInTheDocument();
    expect(
      within(card).queryByRole('progressbar', {
        name: 'Promotion in progress',
      }),
    ).not.toBeInTheDocument();

    // The finished promotion changed the environments and the history.
    await waitFor(() => expect(api.getEnvironments).toHaveBeenCalledTimes(2));
    expect(api.listPromotions.mock.calls.length).toBeGreaterThanOrEqual(3);

    // A second promotion gets a new key.
    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
    await waitFor(() => expect(api.createPromotion).toHaveBeenCalledTimes(2));
    expect(api.createPromotion.mock.calls[1][0].idempotencyKey).not.toBe(
      request.idempotencyKey,
    );
  });

  it('without signals, polls every 1.5 seconds by default', async () => {
    jest.useFakeTimers();
    try {
      const user = userEvent.setup({
        advanceTimers: jest.advanceTimersByTime,
      });
      const api = promotionApi({
        createPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
        getPromotion: jest
          .fn()
          .mockResolvedValueOnce(promotionAt('verifying'))
          .mockResolvedValue(promotionAt('succeeded')),
      });
      await renderInTestApp(
        <TestApiProvider apis={[[releasesApiRef, api]]}>
          <EntityProvider entity={annotatedEntity}>
            <EntityPromotionContent />
          </EntityProvider>
        </TestApiProvider>,
      );

      await user.selectOptions(await targetSelect(), 'qa');
      await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
      await screen.findByRole('heading', { name: 'Promotion to qa' });

      await act(() => jest.advanceTimersByTimeAsync(1400));
      expect(api.getPromotion).not.toHaveBeenCalled();
      await act(() => jest.advanceTimersByTimeAsync(100));
      expect(api.getPromotion).toHaveBeenCalledTimes(1);
      await act(() => jest.advanceTimersByTimeAsync(1500));
      expect(api.getPromotion).toHaveBeenCalledTimes(2);
      expect(screen.getByText(/^State:/)).toHaveTextContent('State: succeeded');

      // Terminal: no more reads.
      await act(() => jest.advanceTimersByTimeAsync(5000));
      expect(api.getPromotion).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows why the backend refuses prod for a version without a release candidate', async () => {
    const user = userEvent.setup();
    const message =
      'No release candidate of 1.1.0 exists; prod takes the highest rc of a version, so promote 1.1.0 through qa first';
    const api = promotionApi({
      createPromotion: jest
        .fn()
        .mockRejectedValue(await backendError(400, 'InputError', message)),
    });
    await renderContent(api);

    await user.selectOptions(await targetSelect(), 'prod');
    await user.selectOptions(versionSelect(), 'Other version or tag…');
    await user.type(
      screen.getByRole('textbox', { name: 'Version or tag' }),
      '1.1.0',
    );
    expect(
      screen.getByText(
        'No release candidate of 1.1.0 is among the tags, so prod is likely to refuse it: promote 1.1.0 through qa first.',
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Promote to prod' }));

    const alert = await screen.findByText('Promotion refused');
    expect(alert.closest('[role="alert"]')).toHaveTextContent(message);
    expect(api.createPromotion).toHaveBeenCalledWith({
      entityRef,
      environment: 'prod',
      version: '1.1.0',
      idempotencyKey: expect.stringMatching(UUID),
    });
    expect(
      screen.queryByRole('heading', { name: 'Promotion to prod' }),
    ).not.toBeInTheDocument();
  });

  it('shows the conflict when a promotion is already active', async () => {
    const user = userEvent.setup();
    const message = `Promotion p-9 is already active for ${entityRef} in qa`;
    await renderContent(
      promotionApi({
        createPromotion: jest
          .fn()
          .mockRejectedValue(await backendError(409, 'ConflictError', message)),
      }),
    );

    await user.selectOptions(await targetSelect(), 'qa');
    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));

    expect(
      (await screen.findByText('Promotion refused')).closest('[role="alert"]'),
    ).toHaveTextContent(message);
  });

  it('asks to confirm a qa version above the next version, and sends allowJump once confirmed', async () => {
    const user = userEvent.setup();
    const api = promotionApi({
      getUnreleased: jest.fn().mockResolvedValue({
        ...unreleasedResponse,
        next: '1.5.0',
        bump: 'minor',
      }),
      createPromotion: jest.fn().mockResolvedValue(
        promotionAt('requested', {
          requestedVersion: '3.0.0',
          version: 'v3.0.0-rc.1',
        }),
      ),
      getPromotion: jest
        .fn()
        .mockResolvedValue(
          promotionAt('succeeded', { version: 'v3.0.0-rc.1' }),
        ),
    });
    await renderContent(api);

    await user.selectOptions(await targetSelect(), 'qa');
    await user.selectOptions(versionSelect(), 'Other version or tag…');
    await user.type(
      screen.getByRole('textbox', { name: 'Version or tag' }),
      '3.0.0',
    );
    expect(
      await screen.findByText(/^3\.0\.0 is above 1\.5\.0, the next version/),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Jump to 3.0.0?',
    });
    expect(dialog).toHaveTextContent(
      'The unreleased commits make 1.5.0 the next version; 3.0.0 is above it',
    );
    expect(api.createPromotion).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.createPromotion).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Jump to 3.0.0',
      }),
    );
    expect(api.createPromotion).toHaveBeenCalledTimes(1);
    expect(api.createPromotion).toHaveBeenCalledWith({
      entityRef,
      environment: 'qa',
      version: '3.0.0',
      allowJump: true,
      idempotencyKey: expect.stringMatching(UUID),
    });
  });

  it('promotes the next version without asking and without allowJump', async () => {
    const user = userEvent.setup();
    const api = promotionApi({
      getUnreleased: jest
        .fn()
        .mockResolvedValue({ ...unreleasedResponse, next: '1.5.0' }),
      createPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
      getPromotion: jest.fn().mockResolvedValue(promotionAt('succeeded')),
    });
    await renderContent(api);

    await user.selectOptions(await targetSelect(), 'qa');
    await user.selectOptions(versionSelect(), 'Other version or tag…');
    await user.type(
      screen.getByRole('textbox', { name: 'Version or tag' }),
      '1.5.0',
    );
    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.createPromotion).toHaveBeenCalledWith({
      entityRef,
      environment: 'qa',
      version: '1.5.0',
      idempotencyKey: expect.stringMatching(UUID),
    });
  });

  it('reads the releases again when the promotion succeeds, so What changes no longer lists what it brought', async () => {
    const user = userEvent.setup();
    const before = {
      ...unreleasedResponse,
      next: '1.6.0',
      changelog: {
        version: '1.6.0',
        previousVersion: '1.5.0-rc.1',
        date: null,
        sections: [
          {
            id: 'features',
            title: 'Features',
            entries: [
              {
                sha: 'f'.repeat(40),
                shortSha: 'fffffff',
                type: 'feat',
                scope: null,
                description: 'wish lists',
                authorName: 'Ada',
                date: '2026-11-20T09:00:00.000Z',
              },
            ],
          },
        ],
      },
    };
    const after = {
      ...before,
      current: '1.6.0-rc.1',
      currentTag: 'v1.6.0-rc.1',
      next: '1.6.0',
      commits: 0,
      changelog: { ...before.changelog, sections: [] },
    };
    const tagged = {
      ...promotionReleasesResponse,
      releases: [
        {
          ...promotionReleasesResponse.releases[0],
          tag: 'v1.6.0-rc.1',
          version: '1.6.0-rc.1',
          sha: 'f'.repeat(40),
          changelog: before.changelog,
        },
        ...promotionReleasesResponse.releases,
      ],
    };
    const qaAt = (version: string) => ({
      ...environmentsResponse,
      environments: environmentsResponse.environments.map(e =>
        e.environment === 'qa' ? { ...e, version } : e,
      ),
    });
    const api = promotionApi({
      getReleases: jest
        .fn()
        .mockResolvedValueOnce(promotionReleasesResponse)
        .mockResolvedValue(tagged),
      getUnreleased: jest
        .fn()
        .mockResolvedValueOnce(before)
        .mockResolvedValue(after),
      getEnvironments: jest
        .fn()
        .mockResolvedValueOnce(qaAt('v1.5.0-rc.1'))
        .mockResolvedValue(qaAt('v1.6.0-rc.1')),
      createPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
      getPromotion: jest.fn().mockResolvedValue(promotionAt('succeeded')),
    });
    await renderContent(api);

    await user.selectOptions(await targetSelect(), 'qa');
    const changes = (
      await screen.findByRole('heading', { name: 'What changes' })
    ).closest('.MuiCard-root') as HTMLElement;
    expect(await within(changes).findByText('wish lists')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
    const card = await progressCard('Promotion to qa');
    await waitFor(() =>
      expect(within(card).getByText(/^State:/)).toHaveTextContent(
        'State: succeeded',
      ),
    );

    await waitFor(() =>
      expect(within(changes).queryByText('wish lists')).not.toBeInTheDocument(),
    );
    expect(api.getReleases).toHaveBeenCalledTimes(2);
    expect(api.getUnreleased).toHaveBeenCalledTimes(2);
  });

  it('shows the gates of a past promotion in its details', async () => {
    const user = userEvent.setup();
    const api = promotionApi({
      listPromotions: jest.fn().mockResolvedValue({
        items: [
          {
            ...historyItems[1],
            gates: [
              {
                id: 'approval',
                status: 'met',
                required: true,
                detail: 'approved by grace',
              },
              {
                id: 'smoke',
                status: 'failed',
                required: true,
                detail: 'smoke test returned 503',
              },
            ],
          },
        ],
      }),
    });
    await renderContent(api);

    await user.click(
      await screen.findByRole('button', {
        name: 'Show details of the promotion to prod (p-prod)',
      }),
    );
    const gates = await screen.findByRole('list', { name: 'Gates' });
    const [approval, smoke] = within(gates).getAllByRole('listitem');
    expect(approval).toHaveTextContent('approved by grace');
    expect(
      within(approval).getByRole('img', { name: 'met' }),
    ).toBeInTheDocument();
    expect(smoke).toHaveTextContent('Failed: smoke test returned 503');
    expect(
      within(smoke).getByRole('img', { name: 'failed' }),
    ).toBeInTheDocument();
    expect(smoke).toHaveTextContent('required');
  });

  it('aborts a promotion that has not started executing', async () => {
    const user = userEvent.setup();
    const aborted = promotionAt('aborted', { reason: 'aborted' });
    const api = promotionApi({
      createPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
      getPromotion: jest.fn().mockResolvedValue(promotionAt('approved')),
      abortPromotion: jest.fn().mockResolvedValue(aborted),
    });
    await renderContent(api, annotatedEntity, 50);

    await user.selectOptions(await targetSelect(), 'qa');
    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
    const card = await progressCard('Promotion to qa');
    await waitFor(() =>
      expect(within(card).getByText(/^State:/)).toHaveTextContent(
        'State: approved',
      ),
    );
    expect(
      within(card).getByRole('progressbar', { name: 'Promotion in progress' }),
    ).toBeInTheDocument();

    // Approval is only offered while a promotion waits for it.
    expect(
      within(card).queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      within(card).queryByRole('button', { name: 'Reject' }),
    ).not.toBeInTheDocument();

    // One click asks first.
    await user.click(within(card).getByRole('button', { name: 'Abort' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Abort the promotion to qa?',
    });
    expect(api.abortPromotion).not.toHaveBeenCalled();
    await user.click(
      within(dialog).getByRole('button', { name: 'Abort promotion' }),
    );

    expect(api.abortPromotion).toHaveBeenCalledWith('p-1');
    await waitFor(() =>
      expect(within(card).getByText(/^State:/)).toHaveTextContent(
        'State: aborted',
      ),
    );
    expect(
      within(card).queryByRole('button', { name: 'Abort' }),
    ).not.toBeInTheDocument();
    // Aborted is terminal: no more reads.
    const polls = api.getPromotion.mock.calls.length;
    await act(() => new Promise(resolve => setTimeout(resolve, 200)));
    expect(api.getPromotion).toHaveBeenCalledTimes(polls);
  });

  it('shows why an abort was refused', async () => {
    const user = userEvent.setup();
    const message = 'Promotion p-1 is executing and can no longer be aborted';
    await renderContent(
      promotionApi({
        createPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
        getPromotion: jest.fn().mockResolvedValue(promotionAt('approved')),
        abortPromotion: jest
          .fn()
          .mockRejectedValue(await backendError(409, 'ConflictError', message)),
      }),
      annotatedEntity,
      50,
    );

    await user.selectOptions(await targetSelect(), 'qa');
    await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
    const card = await progressCard('Promotion to qa');
    await user.click(
      await within(card).findByRole('button', { name: 'Abort' }),
    );
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Abort promotion',
      }),
    );

    expect(
      (await within(card).findByText('Abort failed')).closest('[role="alert"]'),
    ).toHaveTextContent(message);
  });

  it('rolls an environment back after confirming', async () => {
    const user = userEvent.setup();
    const rollback: Promotion = promotionAt('requested', {
      id: 'p-rb',
      environment: 'prod',
      rollback: true,
      version: 'v1.3.0',
      previousVersion: 'v1.4.0',
    });
    const api = promotionApi({
      createPromotion: jest.fn().mockResolvedValue(rollback),
      getPromotion: jest
        .fn()
        .mockResolvedValue({ ...rollback, state: 'succeeded' }),
    });
    await renderContent(api);

    await user.click(
      await screen.findByRole('button', { name: 'Roll back prod' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back cart in prod?',
    });
    expect(dialog).toHaveTextContent(
      'prod runs v1.4.0 now. A rollback returns it to its last known-good version',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.createPromotion).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Roll back prod' }));
    const confirm = await screen.findByRole('dialog');
    // A rollback needs a reason.
    const rollBack = within(confirm).getByRole('button', { name: 'Roll back' });
    expect(rollBack).toBeDisabled();
    await user.type(
      within(confirm).getByRole('textbox', { name: 'Reason' }),
      '   ',
    );
    expect(rollBack).toBeDisabled();
    await user.type(
      within(confirm).getByRole('textbox', { name: 'Reason' }),
      'checkout errors since v1.4.0',
    );
    await user.click(rollBack);

    expect(api.createPromotion).toHaveBeenCalledWith({
      entityRef,
      environment: 'prod',
      rollback: true,
      reason: 'checkout errors since v1.4.0',
      idempotencyKey: expect.stringMatching(UUID),
    });
    const card = await progressCard('Rollback of prod');
    await waitFor(() =>
      expect(within(card).getByText(/^State:/)).toHaveTextContent(
        'State: succeeded',
      ),
    );
    expect(within(card).getByText('v1.4.0 → v1.3.0')).toBeInTheDocument();
  });

  it('shows why a rollback was refused', async () => {
    const user = userEvent.setup();
    const message = `No earlier known-good version of ${entityRef} in qa to roll back to`;
    await renderContent(
      promotionApi({
        createPromotion: jest
          .fn()
          .mockRejectedValue(await backendError(400, 'InputError', message)),
      }),
    );

    await user.click(
      await screen.findByRole('button', { name: 'Roll back qa' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Reason' }),
      'qa is broken',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));

    expect(
      (await screen.findByText('Rollback refused')).closest('[role="alert"]'),
    ).toHaveTextContent(message);
  });

  it('follows a promotion that is already running when the tab opens', async () => {
    const running = promotionAt('executing', {
      id: 'p-run',
      environment: 'staging',
    });
    const api = promotionApi({
      listPromotions: jest
        .fn()
        .mockResolvedValue({ items: [running, ...historyItems] }),
      getPromotion: jest.fn().mockResolvedValue({
        ...running,
        state: 'failed',
        reason: 'git push rejected',
      }),
    });
    await renderContent(api);

    const card = await progressCard('Promotion to staging');
    await waitFor(() =>
      expect(within(card).getByText(/^State:/)).toHaveTextContent(
        'State: failed',
      ),
    );
    expect(api.getPromotion).toHaveBeenCalledWith('p-run');
    expect(within(card).getByText('git push rejected')).toBeInTheDocument();
  });

  it('disables rollback where nothing is deployed', async () => {
    const api = promotionApi({
      getEnvironments: jest.fn().mockResolvedValue({
        entityRef,
        environments: [
          {
            environment: 'dev',
            type: 'dev',
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
      }),
      listPromotions: jest.fn().mockResolvedValue({ items: [] }),
    });
    await renderContent(api);

    expect(
      await screen.findByRole('button', { name: 'Roll back dev' }),
    ).toBeDisabled();
    expect(await screen.findByText('No promotions yet.')).toBeInTheDocument();
  });

  it('shows an error panel when the environments cannot be read', async () => {
    await renderContent(
      promotionApi({
        getEnvironments: jest
          .fn()
          .mockRejectedValue(
            await backendError(400, 'InputError', 'Entity not found'),
          ),
      }),
    );

    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getAllByText(/Entity not found/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByRole('combobox', { name: 'Target environment' }),
    ).not.toBeInTheDocument();
  });

  it('explains the annotation for an entity that is not set up', async () => {
    const api = promotionApi();
    await renderContent(api, plainEntity);

    expect(
      await screen.findByRole('heading', { name: /missing annotation/i }),
    ).toBeInTheDocument();
    expect(api.getEnvironments).not.toHaveBeenCalled();
    expect(api.listPromotions).not.toHaveBeenCalled();
  });

  describe('manual approval', () => {
    const reason = 'manual approval required for prod';
    const waiting: Promotion = promotionAt('waiting-for-gates', {
      id: 'p-wait',
      environment: 'prod',
      version: 'v1.5.0',
      previousVersion: 'v1.4.0',
      reason,
    });
    /** What the backend answers once grace decided. */
    function decided(
      state: 'approved' | 'rejected',
      comment: string | null,
    ): Promotion {
      return {
        ...waiting,
        state,
        reason: state === 'rejected' ? comment : null,
        events: [
          ...waiting.events,
          {
            at: '2026-11-20T10:05:00.000Z',
            state,
            actor: 'user:default/grace',
            reason: comment,
          },
        ],
      };
    }

    /**
     * The tab with `waiting` running: it follows the promotion from the
     * history. By default polling is too slow to happen during a test, so
     * a new state can only come from what approve or reject answered.
     */
    async function renderWaiting(
      overrides: Partial<jest.Mocked<ReleasesApi>> = {},
      options: { pollIntervalMs?: number } = {},
    ) {
      const api = promotionApi({
        listPromotions: jest
          .fn()
          .mockResolvedValue({ items: [waiting, ...historyItems] }),
        getPromotion: jest.fn().mockResolvedValue(waiting),
        ...overrides,
      });
      const permissions = permissionApi('ALLOW');
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [releasesApiRef, api],
            [permissionApiRef, permissions],
          ]}
        >
          <EntityProvider entity={annotatedEntity}>
            <EntityPromotionContent
              pollIntervalMs={options.pollIntervalMs ?? 60_000}
            />
          </EntityProvider>
        </TestApiProvider>,
      );
      const card = await progressCard('Promotion to prod');
      const approve = () =>
        within(card).getByRole('button', { name: 'Approve' });
      const reject = () => within(card).getByRole('button', { name: 'Reject' });
      // Enabled once the permission is known.
      await waitFor(() => expect(approve()).toBeEnabled());
      return { api, permissions, card, approve, reject };
    }

    it('shows why the promotion waits, with Approve and Reject, until it no longer waits', async () => {
      let current = waiting;
      const { api, card, approve, reject } = await renderWaiting(
        // A new object per read, as from the network.
        { getPromotion: jest.fn(async (_id: string) => ({ ...current })) },
        { pollIntervalMs: 20 },
      );

      const gate = within(card).getByRole('region', {
        name: 'Waiting for approval',
      });
      expect(gate).toHaveTextContent(reason);
      expect(within(card).getByText(/^State:/)).toHaveTextContent(
        'State: waiting-for-gates',
      );
      expect(reject()).toBeEnabled();
      expect(approve()).not.toHaveAccessibleDescription();
      await waitFor(() => expect(api.getPromotion).toHaveBeenCalled());
      expect(approve()).toBeInTheDocument();

      // Approved elsewhere: the next read no longer waits.
      current = decided('approved', null);
      await waitFor(() =>
        expect(within(card).getByText(/^State:/)).toHaveTextContent(
          'State: approved',
        ),
      );
      expect(
        within(card).queryByRole('region', { name: 'Waiting for approval' }),
      ).not.toBeInTheDocument();
      expect(
        within(card).queryByRole('button', { name: 'Approve' }),
      ).not.toBeInTheDocument();
      expect(
        within(card).queryByRole('button', { name: 'Reject' }),
      ).not.toBeInTheDocument();
    });

    it('rejects only with a reason, and sends it', async () => {
      const user = userEvent.setup();
      const rejected = decided('rejected', 'not during the freeze');
      const { api, card, reject } = await renderWaiting({
        rejectPromotion: jest.fn().mockResolvedValue(rejected),
      });

      await user.click(reject());
      const dialog = await screen.findByRole('dialog', {
        name: 'Reject the promotion to prod?',
      });
      const confirm = within(dialog).getByRole('button', { name: 'Reject' });
      const reasonField = within(dialog).getByRole('textbox', {
        name: 'Reason',
      });
      expect(confirm).toBeDisabled();
      await user.type(reasonField, '   ');
      expect(confirm).toBeDisabled();
      await user.clear(reasonField);
      await user.type(reasonField, ' not during the freeze ');
      expect(confirm).toBeEnabled();
      await user.click(confirm);

      expect(api.rejectPromotion).toHaveBeenCalledTimes(1);
      expect(api.rejectPromotion).toHaveBeenCalledWith('p-wait', {
        reason: 'not during the freeze',
      });
      expect(api.approvePromotion).not.toHaveBeenCalled();
      await waitFor(() =>
        expect(within(card).getByText(/^State:/)).toHaveTextContent(
          'State: rejected',
        ),
      );
      expect(
        within(card).queryByRole('region', { name: 'Waiting for approval' }),
      ).not.toBeInTheDocument();
      expect(
        within(card).queryByRole('button', { name: 'Reject' }),
      ).not.toBeInTheDocument();
      const events = within(card).getByRole('list', {
        name: 'Promotion events',
      });
      expect(within(events).getAllByRole('listitem').at(-1)).toHaveTextContent(
        /^rejected – not during the freeze.* ago by grace$/,
      );
      expect(api.getPromotion).not.toHaveBeenCalled();
    });

    it('cancels a rejection without sending it', async () => {
      const user = userEvent.setup();
      const { api, reject } = await renderWaiting();

      await user.click(reject());
      const dialog = await screen.findByRole('dialog', {
        name: 'Reject the promotion to prod?',
      });
      await user.type(
        within(dialog).getByRole('textbox', { name: 'Reason' }),
        'hmm',
      );
      await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      expect(api.rejectPromotion).not.toHaveBeenCalled();

      // Cancel dropped the draft.
      await user.click(reject());
      expect(
        within(await screen.findByRole('dialog')).getByRole('textbox', {
          name: 'Reason',
        }),
      ).toHaveValue('');
    });

    it('approves with a comment and shows the state the backend answered', async () => {
      const user = userEvent.setup();
      const approved = decided('approved', 'checked the changelog');
      const { api, card, approve } = await renderWaiting({
        approvePromotion: jest.fn().mockResolvedValue(approved),
      });

      await user.click(approve());
      const dialog = await screen.findByRole('dialog', {
        name: 'Approve the promotion to prod?',
      });
      await user.type(
        within(dialog).getByRole('textbox', { name: 'Comment (optional)' }),
        'checked the changelog',
      );
      await user.click(within(dialog).getByRole('button', { name: 'Approve' }));

      expect(api.approvePromotion).toHaveBeenCalledTimes(1);
      expect(api.approvePromotion).toHaveBeenCalledWith('p-wait', {
        reason: 'checked the changelog',
      });
      await waitFor(() =>
        expect(within(card).getByText(/^State:/)).toHaveTextContent(
          'State: approved',
        ),
      );
      expect(
        within(card).queryByRole('button', { name: 'Approve' }),
      ).not.toBeInTheDocument();
      const events = within(card).getByRole('list', {
        name: 'Promotion events',
      });
      expect(within(events).getAllByRole('listitem').at(-1)).toHaveTextContent(
        /^approved – checked the changelog.* ago by grace$/,
      );
      // Not terminal: the page goes on following it.
      expect(
        within(card).getByRole('progressbar', {
          name: 'Promotion in progress',
        }),
      ).toBeInTheDocument();
      expect(api.getPromotion).not.toHaveBeenCalled();
    });

    it('shows the four-eyes refusal of an approval without a comment', async () => {
      const user = userEvent.setup();
      const message =
        'user:default/ada requested promotion p-wait and may not approve it too';
      const { api, card, approve } = await renderWaiting({
        approvePromotion: jest
          .fn()
          .mockRejectedValue(
            await backendError(403, 'NotAllowedError', message),
          ),
      });

      await user.click(approve());
      const dialog = await screen.findByRole('dialog', {
        name: 'Approve the promotion to prod?',
      });
      // No comment is needed to approve.
      await user.click(within(dialog).getByRole('button', { name: 'Approve' }));

      expect(api.approvePromotion).toHaveBeenCalledWith('p-wait', {});
      const alert = (await within(card).findByText('Approval failed')).closest(
        '[role="alert"]',
      );
      expect(alert).toHaveTextContent(message);
      // Still waiting: the buttons stay.
      expect(within(card).getByText(/^State:/)).toHaveTextContent(
        'State: waiting-for-gates',
      );
      await waitFor(() => expect(approve()).toBeEnabled());
    });

    it('shows the conflict when the promotion no longer waits for approval', async () => {
      const user = userEvent.setup();
      const message = 'Promotion p-wait is approved, not waiting for approval';
      const { card, reject } = await renderWaiting({
        rejectPromotion: jest
          .fn()
          .mockRejectedValue(await backendError(409, 'ConflictError', message)),
      });

      await user.click(reject());
      const dialog = await screen.findByRole('dialog', {
        name: 'Reject the promotion to prod?',
      });
      await user.type(
        within(dialog).getByRole('textbox', { name: 'Reason' }),
        'too risky',
      );
      await user.click(within(dialog).getByRole('button', { name: 'Reject' }));

      expect(
        (await within(card).findByText('Rejection failed')).closest(
          '[role="alert"]',
        ),
      ).toHaveTextContent(message);
      expect(
        within(card).queryByText('Approval failed'),
      ).not.toBeInTheDocument();
    });

    it('disables Approve and Reject, and says why, without the permission', async () => {
      // Another entity than in the other tests: permission answers are
      // cached by permission and entity for the whole file.
      const payments: Entity = {
        ...annotatedEntity,
        metadata: { ...annotatedEntity.metadata, name: 'payments' },
      };
      const api = promotionApi({
        listPromotions: jest.fn().mockResolvedValue({
          items: [{ ...waiting, entityRef: 'component:default/payments' }],
        }),
      });
      const permissions = permissionApi('DENY');
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [releasesApiRef, api],
            [permissionApiRef, permissions],
          ]}
        >
          <EntityProvider entity={payments}>
            <EntityPromotionContent pollIntervalMs={60_000} />
          </EntityProvider>
        </TestApiProvider>,
      );
      const card = await progressCard('Promotion to prod');

      const explanation =
        'You may not approve or reject this promotion: that takes the releases.promotion.approve permission on component:default/payments.';
      expect(await within(card).findByText(explanation)).toBeInTheDocument();
      const approve = within(card).getByRole('button', { name: 'Approve' });
      const reject = within(card).getByRole('button', { name: 'Reject' });
      expect(approve).toBeDisabled();
      expect(reject).toBeDisabled();
      expect(approve).toHaveAccessibleDescription(explanation);
      expect(reject).toHaveAccessibleDescription(explanation);
      expect(permissions.authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'releases.promotion.approve',
          }),
          resourceRef: 'component:default/payments',
        }),
      );
      expect(
        screen.queryByRole('dialog', { name: /^Approve|^Reject/ }),
      ).not.toBeInTheDocument();
    });
  });

  describe('with signals', () => {
    async function promoteToQa(api: ReleasesApi, signals: FakeSignalApi) {
      const user = userEvent.setup();
      await renderWithSignals(api, signals);
      await user.selectOptions(await targetSelect(), 'qa');
      await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
      const card = await progressCard('Promotion to qa');
      return () => within(card).getByText(/^State:/);
    }

    it('shows the new state as soon as the backend signals it', async () => {
      const signals = new FakeSignalApi();
      const succeeded = promotionAt('succeeded');
      const api = promotionApi({
        createPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
        getPromotion: jest.fn().mockResolvedValue(succeeded),
      });
      const state = await promoteToQa(api, signals);
      expect(state()).toHaveTextContent('State: requested');

      await pause(100);
      expect(api.getPromotion).not.toHaveBeenCalled();

      act(() => signals.publish(signalOf(succeeded)));
      await waitFor(() =>
        expect(state()).toHaveTextContent('State: succeeded'),
      );
      expect(api.getPromotion).toHaveBeenCalledTimes(1);
      expect(api.getPromotion).toHaveBeenCalledWith('p-1');
    });

    it('does not read the promotion for a signal of another one, even in a burst', async () => {
      const signals = new FakeSignalApi();
      const api = promotionApi({
        createPromotion: jest.fn().mockResolvedValue(promotionAt('requested')),
        getPromotion: jest.fn().mockResolvedValue(promotionAt('executing')),
      });
      const state = await promoteToQa(api, signals);
      const other = signalOf(
        promotionAt('executing', { id: 'p-2', environment: 'staging' }),
      );

      act(() => signals.publish(other));
      await pause(100);
      expect(api.getPromotion).not.toHaveBeenCalled();

      // Ours, then another one before React renders: ours still counts.
      act(() =>
        signals.publish(signalOf(promotionAt('executing')), {
          ...other,
          state: 'verifying',
        }),
      );
      await waitFor(() =>
        expect(state()).toHaveTextContent('State: executing'),
      );
      expect(api.getPromotion).toHaveBeenCalledTimes(1);
    });

    it('reads the promotion every 10 seconds as a safety net', async () => {
      jest.useFakeTimers();
      try {
        const user = userEvent.setup({
          advanceTimers: jest.advanceTimersByTime,
        });
        const signals = new FakeSignalApi();
        const api = promotionApi({
          createPromotion: jest
            .fn()
            .mockResolvedValue(promotionAt('requested')),
          getPromotion: jest.fn().mockResolvedValue(promotionAt('succeeded')),
        });
        await renderInTestApp(
          <TestApiProvider
            apis={[
              [releasesApiRef, api],
              [signalApiRef, signals],
            ]}
          >
            <EntityProvider entity={annotatedEntity}>
              <EntityPromotionContent />
            </EntityProvider>
          </TestApiProvider>,
        );

        await user.selectOptions(await targetSelect(), 'qa');
        await user.click(screen.getByRole('button', { name: 'Promote to qa' }));
        await screen.findByRole('heading', { name: 'Promotion to qa' });

        await act(() => jest.advanceTimersByTimeAsync(9900));
        expect(api.getPromotion).not.toHaveBeenCalled();
        await act(() => jest.advanceTimersByTimeAsync(100));
        expect(api.getPromotion).toHaveBeenCalledTimes(1);
        expect(screen.getByText(/^State:/)).toHaveTextContent(
          'State: succeeded',
        );
      } finally {
        jest.useRealTimers();
      }
    });

    it('shows and follows a promotion started elsewhere', async () => {
      const signals = new FakeSignalApi();
      const running = promotionAt('executing', {
        id: 'p-elsewhere',
        environment: 'staging',
      });
      const api = promotionApi({
        listPromotions: jest
          .fn()
          .mockResolvedValueOnce({ items: historyItems })
          .mockResolvedValue({ items: [running, ...historyItems] }),
        getPromotion: jest.fn().mockResolvedValue(running),
      });
      await renderWithSignals(api, signals);
      await targetSelect();
      expect(
        screen.queryByRole('heading', { name: 'Promotion to staging' }),
      ).not.toBeInTheDocument();

      act(() => signals.publish(signalOf(running)));

      const card = await progressCard('Promotion to staging');
      expect(within(card).getByText(/^State:/)).toHaveTextContent(
        'State: executing',
      );
      expect(api.listPromotions).toHaveBeenCalledTimes(2);
    });

    it('reads the releases and environments again when a promotion of the entity ends elsewhere', async () => {
      const signals = new FakeSignalApi();
      const api = promotionApi();
      await renderWithSignals(api, signals);
      await targetSelect();
      await waitFor(() => expect(api.getUnreleased).toHaveBeenCalledTimes(1));

      // A step on the way changes no tags; the outcome may have.
      act(() =>
        signals.publish(
          signalOf(promotionAt('executing', { id: 'p-elsewhere' })),
        ),
      );
      await pause(700);
      expect(api.getUnreleased).toHaveBeenCalledTimes(1);

      act(() =>
        signals.publish(
          signalOf(promotionAt('succeeded', { id: 'p-elsewhere' })),
        ),
      );
      await waitFor(() => expect(api.getUnreleased).toHaveBeenCalledTimes(2));
      expect(api.getReleases).toHaveBeenCalledTimes(2);
      expect(api.getEnvironments).toHaveBeenCalledTimes(2);
    });

    it('stops listening when the tab closes', async () => {
      const signals = new FakeSignalApi();
      const { unmount } = await renderWithSignals(promotionApi(), signals);
      await targetSelect();
      expect(signals.subscriptions).toBeGreaterThan(0);

      unmount();
      expect(signals.subscriptions).toBe(0);
    });
  });
});
