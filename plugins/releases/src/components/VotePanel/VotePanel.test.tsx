import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  CastVoteRequest,
  Vote,
} from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type ReleasesApi,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { promotionAt } from '../../__fixtures__/environments';
import { voteOf, votesResponse } from '../../__fixtures__/judgement';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { VotePanel } from './VotePanel';

const waiting = promotionAt('waiting-for-gates', {
  environment: 'prod',
  version: 'v1.6.0',
  gates: [
    {
      id: 'votes',
      status: 'pending',
      required: true,
      detail: 'a go from ops',
    },
  ],
});

async function renderPanel(
  overrides: Partial<jest.Mocked<ReleasesApi>> = {},
  promotion = waiting,
) {
  const api = mockReleasesApi({
    getVotes: jest.fn().mockResolvedValue(votesResponse),
    ...overrides,
  });
  await renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <VotePanel promotion={promotion} />
    </TestApiProvider>,
  );
  const table = await screen.findByRole('table', { name: 'Votes' });
  const row = (role: string) =>
    within(table).getByRole('row', { name: new RegExp(`^${role}`) });
  return { api, table, row };
}

describe('VotePanel', () => {
  it('shows a row per required role with the vote that counts, a void vote struck through and the veto on top', async () => {
    const { api, row } = await renderPanel();
    expect(api.getVotes).toHaveBeenCalledWith('p-1');

    expect(row('qa-lead')).toHaveTextContent(
      /Go by grace, .* ago: smoke is green/,
    );
    const veto = screen.getByRole('alert');
    expect(veto).toHaveTextContent('No-go from product-owner (ada)');
    expect(veto).toHaveTextContent('checkout errors in staging');
    expect(row('product-owner')).toHaveTextContent(
      /No-go by ada, .* ago: checkout errors in staging/,
    );

    const ops = row('ops');
    expect(ops).toHaveTextContent('Not voted yet');
    const voided = within(ops).getByText('Go by linus: capacity ok');
    expect(voided).toHaveStyle('text-decoration: line-through');
    expect(ops).toHaveTextContent('for version v1.6.0-rc.1, no longer counts');
  });

  it('offers Go and No-go only for the roles the user may vote for', async () => {
    const { row } = await renderPanel();
    expect(
      within(row('qa-lead')).getByRole('button', { name: 'Go for qa-lead' }),
    ).toBeEnabled();
    expect(
      within(row('ops')).getByRole('button', { name: 'No-go for ops' }),
    ).toBeEnabled();
    expect(
      within(row('product-owner')).queryByRole('button'),
    ).not.toBeInTheDocument();
  });

  it('offers no buttons once the promotion no longer waits', async () => {
    const { table } = await renderPanel({}, { ...waiting, state: 'approved' });
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
  });

  it('votes only with a reason, then reads the votes again', async () => {
    const user = userEvent.setup();
    const cast = voteOf({
      id: 'v-3',
      role: 'ops',
      voter: 'user:default/linus',
      reason: 'capacity still ok',
      castAt: new Date().toISOString(),
    });
    const getVotes = jest
      .fn()
      .mockResolvedValueOnce(votesResponse)
      .mockResolvedValue({
        ...votesResponse,
        votes: [...votesResponse.votes, cast],
      });
    const { api, row } = await renderPanel({
      getVotes,
      castVote: jest.fn().mockResolvedValue(cast),
    });

    await user.click(
      within(row('ops')).getByRole('button', { name: 'Go for ops' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Go for v1.6.0 as ops?',
    });
    const confirm = within(dialog).getByRole('button', { name: 'Go' });
    expect(confirm).toBeDisabled();
    const reason = within(dialog).getByRole('textbox', { name: /Reason/ });
    await user.type(reason, '   ');
    expect(confirm).toBeDisabled();
    await user.clear(reason);
    await user.type(reason, '  capacity still ok ');
    await user.click(confirm);

    expect(api.castVote).toHaveBeenCalledWith('p-1', {
      role: 'ops',
      decision: 'go',
      reason: 'capacity still ok',
    });
    await waitFor(() =>
      expect(row('ops')).toHaveTextContent(
        /Go by linus, .*: capacity still ok/,
      ),
    );
    expect(getVotes).toHaveBeenCalledTimes(2);
  });

  it('sends one vote however often it is confirmed, with the buttons disabled meanwhile', async () => {
    const user = userEvent.setup();
    let answer: (vote: Vote) => void = () => {};
    const castVote = jest.fn(
      (_id: string, _request: CastVoteRequest) =>
        new Promise<Vote>(resolve => (answer = resolve)),
    );
    const { row } = await renderPanel({ castVote });

    await user.click(
      within(row('qa-lead')).getByRole('button', { name: 'No-go for qa-lead' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'No-go for v1.6.0 as qa-lead?',
    });
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'latency too high',
    );
    await user.dblClick(within(dialog).getByRole('button', { name: 'No-go' }));

    await waitFor(() =>
      expect(
        within(row('qa-lead')).getByRole('button', { name: 'Go for qa-lead' }),
      ).toBeDisabled(),
    );
    expect(
      within(row('ops')).getByRole('button', { name: 'No-go for ops' }),
    ).toBeDisabled();
    expect(castVote).toHaveBeenCalledTimes(1);
    answer(voteOf({ decision: 'no-go', reason: 'latency too high' }));
    await waitFor(() =>
      expect(
        within(row('qa-lead')).getByRole('button', { name: 'Go for qa-lead' }),
      ).toBeEnabled(),
    );
  });

  it('shows why the backend refused a vote', async () => {
    const user = userEvent.setup();
    const message =
      'user:default/guest is in none of the groups of role ops (group:default/ops)';
    const error = await ResponseError.fromResponse(
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
    const { row } = await renderPanel({
      castVote: jest.fn().mockRejectedValue(error),
    });

    await user.click(
      within(row('ops')).getByRole('button', { name: 'Go for ops' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'ok',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Go' }));

    expect(await screen.findByText('Vote refused')).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
  });
});
