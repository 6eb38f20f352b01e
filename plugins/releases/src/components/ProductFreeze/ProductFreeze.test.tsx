import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Freeze } from '@releases-for-backstage/plugin-releases-common';
import {
  releasesApiRef,
  type FreezeRequest,
  type LiftFreezeResponse,
} from '@releases-for-backstage/plugin-releases-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { systemRef } from '../../__fixtures__/environments';
import { mockReleasesApi } from '../../__fixtures__/mockReleasesApi';
import { ProductFreeze, freezeOf } from './ProductFreeze';

const freeze: Freeze = {
  system: systemRef,
  reason: 'incident INC-42: checkout down',
  by: 'user:default/grace',
  at: '2026-11-27T06:00:00.000Z',
};

async function renderFreeze(overrides: Parameters<typeof mockReleasesApi>[0]) {
  const api = mockReleasesApi(overrides);
  await renderInTestApp(
    <TestApiProvider apis={[[releasesApiRef, api]]}>
      <ProductFreeze systemRef={systemRef} title="Shop" />
    </TestApiProvider>,
  );
  return api;
}

async function liftWith(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Lift freeze' }));
  const dialog = await screen.findByRole('dialog', {
    name: 'Lift the freeze of Shop?',
  });
  await user.type(
    within(dialog).getByRole('textbox', { name: /Reason/ }),
    'checkout is back',
  );
  return within(dialog).getByRole('button', { name: 'Lift freeze' });
}

describe('ProductFreeze', () => {
  it('lifts the freeze with a reason, once however often confirmed, then offers Freeze again', async () => {
    const user = userEvent.setup();
    let answer: (lifted: LiftFreezeResponse) => void = () => {};
    const liftFreeze = jest.fn(
      (_request: FreezeRequest) =>
        new Promise<LiftFreezeResponse>(resolve => (answer = resolve)),
    );
    const listFreezes = jest
      .fn()
      .mockResolvedValueOnce({ freezes: [freeze] })
      .mockResolvedValue({ freezes: [] });
    await renderFreeze({ listFreezes, liftFreeze });

    await user.dblClick(await liftWith(user));
    expect(
      await screen.findByRole('button', { name: 'Lifting…' }),
    ).toBeDisabled();
    expect(liftFreeze).toHaveBeenCalledTimes(1);
    expect(liftFreeze).toHaveBeenCalledWith({
      system: 'system:default/shop',
      reason: 'checkout is back',
    });

    answer({ lifted: freeze });
    expect(
      await screen.findByRole('button', { name: 'Freeze promotions' }),
    ).toBeEnabled();
    expect(
      screen.queryByRole('region', { name: 'Promotions of Shop are frozen' }),
    ).not.toBeInTheDocument();
    expect(listFreezes).toHaveBeenCalledTimes(2);
  });

  it('shows why the backend refused to lift and stays frozen', async () => {
    const user = userEvent.setup();
    const message =
      'Not allowed: releases.product.freeze on system:default/shop';
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
    await renderFreeze({
      listFreezes: jest.fn().mockResolvedValue({ freezes: [freeze] }),
      liftFreeze: jest.fn().mockRejectedValue(error),
    });

    await user.click(await liftWith(user));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Lift refused');
    expect(alert).toHaveTextContent(message);
    expect(
      screen.getByRole('region', { name: 'Promotions of Shop are frozen' }),
    ).toHaveTextContent('incident INC-42: checkout down');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Lift freeze' })).toBeEnabled(),
    );
  });

  it('says when the freezes cannot be read', async () => {
    await renderFreeze({
      listFreezes: jest.fn().mockRejectedValue(new Error('backend down')),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Freezes could not be read');
    expect(alert).toHaveTextContent('backend down');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});

describe('freezeOf', () => {
  it('finds the freeze of the system whatever the case of its reference', () => {
    const other: Freeze = { ...freeze, system: 'system:default/other' };
    expect(freezeOf([other, freeze], 'System:Default/Shop')).toBe(freeze);
    expect(freezeOf([other], systemRef)).toBeUndefined();
  });
});
