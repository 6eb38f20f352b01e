import { createApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Promotion } from '@releases-for-backstage/plugin-releases-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { promotionAt } from '../../__fixtures__/environments';
import { annotatedEntity } from '../../__fixtures__/releases';
import { PromotionProgress } from './PromotionProgress';

/**
 * Stands in for `permissionApiRef` (looked up by id) of
 * @backstage/plugin-permission-react, which this package does not depend on.
 */
const permissionApiRef = createApiRef<{
  authorize(request: unknown): Promise<{ result: 'ALLOW' | 'DENY' }>;
}>({ id: 'plugin.permission.api' });

async function renderProgress(
  promotion: Promotion,
  onAbort: () => void = jest.fn(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          permissionApiRef,
          { authorize: async () => ({ result: 'ALLOW' as const }) },
        ],
      ]}
    >
      <EntityProvider entity={annotatedEntity}>
        <PromotionProgress
          promotion={promotion}
          onAbort={onAbort}
          aborting={false}
          onApprove={jest.fn()}
          onReject={jest.fn()}
        />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const eventItems = () =>
  within(screen.getByRole('list', { name: 'Promotion events' })).getAllByRole(
    'listitem',
  );

describe('PromotionProgress', () => {
  it('shows finished steps as done and spins only on the running step', async () => {
    await renderProgress(promotionAt('verifying'));

    const items = eventItems();
    expect(items.map(i => i.textContent)).toEqual([
      expect.stringMatching(/^requested/),
      expect.stringMatching(/^approved/),
      expect.stringMatching(/^executing/),
      expect.stringMatching(/^verifying/),
    ]);
    for (const finished of items.slice(0, 3)) {
      expect(
        within(finished).getByRole('img', { name: 'done' }),
      ).toBeInTheDocument();
      expect(
        within(finished).queryByTestId('status-running'),
      ).not.toBeInTheDocument();
    }
    expect(
      within(items[3]).getByRole('img', { name: 'in progress' }),
    ).toBeInTheDocument();
  });

  it('spins on no step once the promotion has ended', async () => {
    await renderProgress(promotionAt('succeeded'));

    const items = eventItems();
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(
        within(item).getByRole('img', { name: 'done' }),
      ).toBeInTheDocument();
      expect(
        within(item).queryByTestId('status-running'),
      ).not.toBeInTheDocument();
    }
  });

  it('shows a failed end as failed, and the steps before it as done', async () => {
    await renderProgress(
      promotionAt('rolled-back', {
        reason: 'verification failed: smoke test returned 503',
      }),
    );

    const items = eventItems();
    const last = items[items.length - 1];
    expect(last).toHaveTextContent(/^rolled-back/);
    expect(
      within(last).getByRole('img', { name: 'rolled back' }),
    ).toBeInTheDocument();
    for (const item of items.slice(0, -1)) {
      expect(
        within(item).getByRole('img', { name: 'done' }),
      ).toBeInTheDocument();
    }
    expect(
      screen.getByText('verification failed: smoke test returned 503'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('status-running')).not.toBeInTheDocument();
  });

  it('lists the gates with their status, what they wait for and whether they are required', async () => {
    await renderProgress(
      promotionAt('waiting-for-gates', {
        environment: 'prod',
        gates: [
          {
            id: 'approval',
            status: 'pending',
            required: true,
            detail: 'manual approval by a release manager',
          },
          {
            id: 'window',
            status: 'met',
            required: true,
            detail: 'inside the deployment window',
          },
          {
            id: 'risk',
            status: 'failed',
            required: false,
            detail: 'risk score 0.8 above 0.5',
          },
        ],
      }),
    );

    const gates = screen.getByRole('list', { name: 'Gates' });
    const [approval, window, risk] = within(gates).getAllByRole('listitem');
    expect(approval).toHaveTextContent('approval');
    expect(approval).toHaveTextContent('required');
    expect(approval).toHaveTextContent(
      'Waits for: manual approval by a release manager',
    );
    expect(
      within(approval).getByRole('img', { name: 'pending' }),
    ).toBeInTheDocument();
    expect(within(approval).getByTestId('status-pending')).toBeInTheDocument();

    expect(window).toHaveTextContent('window');
    expect(window).toHaveTextContent('inside the deployment window');
    expect(
      within(window).getByRole('img', { name: 'met' }),
    ).toBeInTheDocument();
    expect(within(window).getByTestId('status-ok')).toBeInTheDocument();

    expect(risk).toHaveTextContent('risk');
    expect(risk).toHaveTextContent('advisory: does not block the promotion');
    expect(risk).toHaveTextContent('Failed: risk score 0.8 above 0.5');
    expect(
      within(risk).getByRole('img', { name: 'failed' }),
    ).toBeInTheDocument();
    expect(within(risk).getByTestId('status-error')).toBeInTheDocument();
  });

  it('offers Approve and Reject only while an approval is what the promotion waits for', async () => {
    const smoke = {
      id: 'smoke',
      status: 'pending' as const,
      required: true,
      detail: 'a passed smoke result for v1.5.0-rc.1',
    };
    const { unmount } = await renderProgress(
      promotionAt('waiting-for-gates', {
        environment: 'staging',
        reason: 'waiting for smoke: a passed smoke result for v1.5.0-rc.1',
        gates: [smoke],
      }),
    );
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'waiting for smoke: a passed smoke result for v1.5.0-rc.1',
      ),
    ).toBeInTheDocument();
    unmount();

    await renderProgress(
      promotionAt('waiting-for-gates', {
        environment: 'prod',
        gates: [
          smoke,
          {
            id: 'approval',
            status: 'pending',
            required: true,
            detail: "a person's approval for prod",
          },
        ],
      }),
    );
    expect(screen.getByRole('button', { name: 'Approve' })).toBeInTheDocument();
  });

  it('shows no gate list for a promotion without gates', async () => {
    await renderProgress(promotionAt('executing'));
    expect(
      screen.queryByRole('list', { name: 'Gates' }),
    ).not.toBeInTheDocument();
  });

  it('aborts only after the abort is confirmed', async () => {
    const user = userEvent.setup();
    const onAbort = jest.fn();
    await renderProgress(promotionAt('approved'), onAbort);

    await user.click(screen.getByRole('button', { name: 'Abort' }));
    expect(onAbort).not.toHaveBeenCalled();
    const dialog = await screen.findByRole('dialog', {
      name: 'Abort the promotion to qa?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(onAbort).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Abort' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Abort promotion',
      }),
    );
    expect(onAbort).toHaveBeenCalledTimes(1);
  });
});

describe('the schema step', () => {
  it('shows the schema the environment moves to beside the version step', async () => {
    await renderProgress({
      ...promotionAt('verifying'),
      schema: { environment: 4, release: 5, compatibleUpTo: 5, runs: 5 },
    });
    expect(screen.getByText('Database schema: 4 → 5')).toBeInTheDocument();
  });

  it('says an older, compatible release keeps the newer schema', async () => {
    await renderProgress({
      ...promotionAt('succeeded'),
      rollback: true,
      schema: { environment: 2, release: 1, compatibleUpTo: 2, runs: 2 },
    });
    expect(
      screen.getByText(
        "Database schema: stays 2; this version's schema is 1 and it runs on schemas up to 2",
      ),
    ).toBeInTheDocument();
  });

  it('shows no schema step for a component without schema file', async () => {
    await renderProgress({ ...promotionAt('succeeded'), schema: null });
    expect(screen.queryByText(/Database schema/)).not.toBeInTheDocument();
  });
});
