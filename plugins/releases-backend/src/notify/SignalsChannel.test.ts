import type { SignalsService } from '@backstage/plugin-signals-node';
import { RELEASES_PROMOTIONS_SIGNAL_CHANNEL } from '@releases-for-backstage/plugin-releases-common';
import { promotionChange } from '../service/__testUtils__/promotionChange';
import { SignalsChannel } from './SignalsChannel';

describe('SignalsChannel', () => {
  it('broadcasts exactly the fields of the frontend contract', async () => {
    const signals: jest.Mocked<SignalsService> = {
      publish: jest.fn().mockResolvedValue(undefined),
    };
    await new SignalsChannel({ signals }).send(
      promotionChange({ state: 'executing' }),
    );
    expect(RELEASES_PROMOTIONS_SIGNAL_CHANNEL).toBe('releases:promotions');
    expect(signals.publish).toHaveBeenCalledTimes(1);
    expect(signals.publish.mock.calls[0][0]).toStrictEqual({
      recipients: { type: 'broadcast' },
      channel: 'releases:promotions',
      message: {
        id: '6f1c1f9e-2b51-4d6e-9d0a-3c1b2a4e5f60',
        entityRef: 'component:default/cart',
        environment: 'prod',
        state: 'executing',
        version: 'v1.4.0',
        updatedAt: '2026-11-20T10:00:05.000Z',
      },
    });
  });

  it('sends a null version as null, and every state', async () => {
    const signals: jest.Mocked<SignalsService> = {
      publish: jest.fn().mockResolvedValue(undefined),
    };
    const channel = new SignalsChannel({ signals });
    await channel.send(promotionChange({ state: 'requested', version: null }));
    await channel.send(promotionChange({ state: 'approved' }));
    expect(
      signals.publish.mock.calls.map(([s]) => [
        s.message.state,
        s.message.version,
      ]),
    ).toEqual([
      ['requested', null],
      ['approved', 'v1.4.0'],
    ]);
  });

  it('passes publishing errors on to the notifier', async () => {
    const signals: SignalsService = {
      publish: jest.fn().mockRejectedValue(new Error('events bus down')),
    };
    await expect(
      new SignalsChannel({ signals }).send(promotionChange()),
    ).rejects.toThrow('events bus down');
  });
});
