import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  CreateHotfixRequest,
  Hotfix,
} from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { entityRef, releasesResponse } from '../../__fixtures__/releases';
import { HotfixesCard, normalizeChange } from './HotfixesCard';

function hotfixOf(overrides: Partial<Hotfix>): Hotfix {
  return {
    entityRef,
    fixSha: 'abc1234def5678abc1234def5678abc1234def56',
    target: 'v1.4.0',
    branch: 'release/1.4',
    sha: '9876543fedcba9876543fedcba9876543fedcba9',
    tag: 'v1.4.1',
    promotionId: 'p-7',
    notOnMain: false,
    by: 'user:default/ada',
    at: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}

const older = hotfixOf({});
const newer = hotfixOf({
  tag: 'v1.4.2',
  fixSha: 'fedcba9876543210fedcba9876543210fedcba98',
  promotionId: null,
  notOnMain: true,
  by: 'user:default/linus',
  at: '2026-11-21T09:00:00.000Z',
});

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
        statusText: { 403: 'Forbidden', 409: 'Conflict' }[status] ?? 'Error',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

async function renderCard(overrides: Partial<jest.Mocked<ReleasesApi>> = {}) {
  const api = mockReleasesApi(overrides);
  const onCut = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <HotfixesCard
        entityRef={entityRef}
        releases={releasesResponse.releases}
        onCut={onCut}
      />
    </TestApiProvider>,
  );
  await waitFor(() => expect(api.listHotfixes).toHaveBeenCalledWith(entityRef));
  return { api, onCut };
}

/** Opens the dialog and fills it in. */
async function fillDialog(
  user: ReturnType<typeof userEvent.setup>,
  { target, change }: { target?: string; change: string },
) {
  await user.click(await screen.findByRole('button', { name: 'Cut hotfix' }));
  const dialog = await screen.findByRole('dialog', { name: 'Cut hotfix' });
  if (target) {
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: /Release to fix/ }),
      target,
    );
  }
  await user.type(within(dialog).getByRole('textbox', { name: /Fix/ }), change);
  return {
    dialog,
    submit: within(dialog).getByRole('button', { name: 'Cut hotfix' }),
  };
}

describe('HotfixesCard', () => {
  it('lists the hotfixes newest first and warns about a fix that main lacks', async () => {
    await renderCard({
      listHotfixes: jest.fn().mockResolvedValue({ hotfixes: [older, newer] }),
    });

    const table = await screen.findByRole('table', { name: 'Hotfixes' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['v1.4.2fix not on main', 'v1.4.1']);
    const [first, second] = rows;
    expect(first).toHaveTextContent('v1.4.0');
    expect(first).toHaveTextContent('release/1.4');
    expect(first).toHaveTextContent('fedcba9');
    expect(first).toHaveTextContent(/linus, .* ago/);
    expect(first).toHaveTextContent('None proposed: promote v1.4.2 by hand');
    expect(
      within(second).queryByText('fix not on main'),
    ).not.toBeInTheDocument();
    expect(
      within(second).getByRole('link', {
        name: 'Proposed promotion of v1.4.1',
      }),
    ).toHaveAttribute('href', expect.stringMatching(/\/promotion$/));

    const warning = screen.getByRole('alert');
    expect(warning).toHaveTextContent(
      'Fix not on main: v1.4.2 fixes v1.4.0 with fedcba9 but main does not have that change yet; merge it to main or the next release brings the bug back.',
    );
  });

  it('says what a hotfix is when there is none', async () => {
    await renderCard();
    expect(
      await screen.findByText(
        "No hotfixes. A hotfix cherry-picks a fix from main onto a release's branch and tags the next patch.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('cuts a hotfix of a final release, shows the new tag and reads the hotfixes again', async () => {
    const user = userEvent.setup();
    const cut = hotfixOf({ tag: 'v1.4.1', fixSha: '1a2b3c4'.padEnd(40, '0') });
    const listHotfixes = jest
      .fn()
      .mockResolvedValueOnce({ hotfixes: [] })
      .mockResolvedValue({ hotfixes: [cut] });
    const { api, onCut } = await renderCard({
      listHotfixes,
      createHotfix: jest.fn().mockResolvedValue(cut),
    });

    await user.click(await screen.findByRole('button', { name: 'Cut hotfix' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cut hotfix' });
    const select = within(dialog).getByRole('combobox', {
      name: /Release to fix/,
    });
    // Prereleases cannot be fixed: only the final release is offered.
    expect(
      within(select)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['Choose a release', 'v1.4.0']);
    await user.selectOptions(select, 'v1.4.0');
    await user.type(within(dialog).getByRole('textbox', { name: /Fix/ }), '12');
    await user.click(
      within(dialog).getByRole('button', { name: 'Cut hotfix' }),
    );

    expect(api.createHotfix).toHaveBeenCalledWith({
      entityRef,
      change: '#12',
      target: 'v1.4.0',
    });
    expect(
      await within(dialog).findByText(/Cut v1\.4\.1 on release\/1\.4/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('link', {
        name: 'Proposed promotion of v1.4.1',
      }),
    ).toBeInTheDocument();
    expect(onCut).toHaveBeenCalledWith(cut);
    await waitFor(() => expect(listHotfixes).toHaveBeenCalledTimes(2));

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      await screen.findByRole('table', { name: 'Hotfixes' }),
    ).toHaveTextContent('v1.4.1');
  });

  it('shows why the backend refused the hotfix and keeps the dialog open', async () => {
    const user = userEvent.setup();
    const message =
      "Commit 1a2b3c4d5e6f does not apply to 'release/1.4': conflicts in src/cart.ts, src/totals.ts";
    const { api } = await renderCard({
      createHotfix: jest
        .fn()
        .mockRejectedValue(await backendError(409, 'ConflictError', message)),
    });

    const { dialog, submit } = await fillDialog(user, {
      target: 'v1.4.0',
      change: '1a2b3c4d5e6f',
    });
    await user.click(submit);

    expect(
      await within(dialog).findByText('Hotfix refused'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(message)).toBeInTheDocument();
    expect(api.createHotfix).toHaveBeenCalledWith({
      entityRef,
      change: '1a2b3c4d5e6f',
      target: 'v1.4.0',
    });
    expect(screen.getByRole('dialog', { name: 'Cut hotfix' })).toBeVisible();
    expect(within(dialog).getByRole('textbox', { name: /Fix/ })).toHaveValue(
      '1a2b3c4d5e6f',
    );
    expect(submit).toBeEnabled();
  });

  it('keeps Cut hotfix disabled until the release and a valid fix are given', async () => {
    const user = userEvent.setup();
    const { api } = await renderCard();

    const { dialog, submit } = await fillDialog(user, { change: '#12' });
    expect(submit).toBeDisabled();

    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: /Release to fix/ }),
      'v1.4.0',
    );
    expect(submit).toBeEnabled();

    const change = within(dialog).getByRole('textbox', { name: /Fix/ });
    for (const invalid of ['main', '#0', 'abc12', 'ABC1234', '#12 #13']) {
      await user.clear(change);
      await user.type(change, invalid);
      expect(submit).toBeDisabled();
    }
    expect(
      within(dialog).getByText(/Not a pull request \(#12\) or a commit sha/),
    ).toBeInTheDocument();
    await user.type(change, '{Enter}');
    expect(api.createHotfix).not.toHaveBeenCalled();
  });

  it('sends one hotfix however often it is clicked, showing Cutting… meanwhile', async () => {
    const user = userEvent.setup();
    let answer: (hotfix: Hotfix) => void = () => {};
    const createHotfix = jest.fn(
      (_request: CreateHotfixRequest) =>
        new Promise<Hotfix>(resolve => (answer = resolve)),
    );
    await renderCard({ createHotfix });

    const { dialog, submit } = await fillDialog(user, {
      target: 'v1.4.0',
      change: '#12',
    });
    await user.dblClick(submit);

    const cutting = await within(dialog).findByRole('button', {
      name: 'Cutting…',
    });
    expect(cutting).toBeDisabled();
    expect(createHotfix).toHaveBeenCalledTimes(1);

    answer(hotfixOf({}));
    expect(
      await within(dialog).findByText(/Cut v1\.4\.1 on release\/1\.4/),
    ).toBeInTheDocument();
    expect(createHotfix).toHaveBeenCalledTimes(1);
  });
});

describe('normalizeChange', () => {
  it('reads a bare number as a pull request and leaves a sha as it is', () => {
    expect(normalizeChange(' 12 ')).toBe('#12');
    expect(normalizeChange('#12')).toBe('#12');
    expect(normalizeChange('1234567')).toBe('1234567');
    expect(normalizeChange('abc1234')).toBe('abc1234');
    expect(normalizeChange('#abc')).toBeUndefined();
  });
});
