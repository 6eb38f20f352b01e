import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { PromotionState } from '@releases-for-backstage/plugin-releases-common';
import { promotionChange } from '../service/__testUtils__/promotionChange';
import { NotificationsChannel } from './NotificationsChannel';

describe('NotificationsChannel', () => {
  function channel() {
    const notifications: jest.Mocked<NotificationService> = {
      send: jest.fn().mockResolvedValue(undefined),
    };
    return {
      notifications,
      channel: new NotificationsChannel({ notifications }),
    };
  }

  it("notifies the entity's owners with a link to the Promotion tab, scoped to the promotion", async () => {
    const { notifications, channel: c } = channel();
    await c.send(promotionChange());
    expect(notifications.send.mock.calls).toEqual([
      [
        {
          recipients: { type: 'entity', entityRef: 'component:default/cart' },
          payload: {
            title: 'cart: v1.4.0 to prod succeeded',
            description: 'Requested by user:default/ann',
            link: '/catalog/default/component/cart/promotion',
            severity: 'normal',
            topic: 'releases:promotion',
            scope: '6f1c1f9e-2b51-4d6e-9d0a-3c1b2a4e5f60',
          },
        },
      ],
    ]);
  });

  it('puts the reason of a failure in the description, loudly', async () => {
    const { notifications, channel: c } = channel();
    await c.send(
      promotionChange({
        state: 'failed',
        reason: 'push to environment/prod refused',
      }),
    );
    expect(notifications.send.mock.calls[0][0].payload).toMatchObject({
      title: 'cart: v1.4.0 to prod failed',
      description:
        'push to environment/prod refused (requested by user:default/ann)',
      severity: 'high',
    });
  });

  it('sends the states that matter to a person, with their severity, and skips the transient ones', async () => {
    const { notifications, channel: c } = channel();
    const states: PromotionState[] = [
      'requested',
      'waiting-for-gates',
      'approved',
      'executing',
      'verifying',
      'succeeded',
      'failed',
      'rolled-back',
      'rejected',
      'aborted',
    ];
    for (const state of states) await c.send(promotionChange({ state }));
    const sent = notifications.send.mock.calls.map(([n]) => [
      n.payload.title.replace('cart: v1.4.0 to prod ', ''),
      n.payload.severity,
    ]);
    expect(sent).toEqual([
      ['requested', 'low'],
      ['waiting for gates', 'low'],
      ['succeeded', 'normal'],
      ['failed', 'high'],
      ['rolled back', 'high'],
      ['rejected', 'low'],
      ['aborted', 'low'],
    ]);
  });

  it('also tells the release managers when they are configured', async () => {
    const notifications = { send: jest.fn(async () => undefined) } as any;
    const toManagers = new NotificationsChannel({
      notifications,
      alsoTo: ['group:default/release-managers'],
    });
    await toManagers.send(promotionChange({ state: 'succeeded' }));
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: [
            'component:default/cart',
            'group:default/release-managers',
          ],
        },
      }),
    );
  });
});
