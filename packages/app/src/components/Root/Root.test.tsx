import { createApiRef } from '@backstage/core-plugin-api';
import {
  notificationsApiRef,
  notificationsPlugin,
} from '@backstage/plugin-notifications';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen } from '@testing-library/react';
import { Root } from './Root';

/*
 * APIs are looked up by id, so these stand in for the refs of packages the
 * app does not depend on directly: `signalApiRef` of
 * @backstage/plugin-signals-react and `toastApiRef` of
 * @backstage/frontend-plugin-api.
 */
type Listener = (message: Record<string, unknown>) => void;
interface SignalApiStandIn {
  subscribe(channel: string, onMessage: Listener): { unsubscribe: () => void };
}
const signalApiRef = createApiRef<SignalApiStandIn>({
  id: 'plugin.signal.service',
});
const toastApiRef = createApiRef<{ post: jest.Mock }>({ id: 'core.toast' });

/** Signals without a connection: the test publishes what the backend sends. */
class FakeSignals implements SignalApiStandIn {
  private readonly listeners = new Set<{ channel: string; on: Listener }>();
  subscribe(channel: string, on: Listener) {
    const listener = { channel, on };
    this.listeners.add(listener);
    return { unsubscribe: () => this.listeners.delete(listener) };
  }
  publish(channel: string, message: Record<string, unknown>) {
    for (const l of this.listeners) if (l.channel === channel) l.on(message);
  }
}

/**
 * The notification of one promotion as the notifications backend keeps it:
 * all of a promotion's notifications share its id as scope, so each step
 * (requested, waiting for approval, the outcome) updates the same
 * notification and signals it again under the same id.
 */
const notification = (title: string) => ({
  id: 'n-promotion-1',
  user: 'user:default/guest',
  created: new Date('2026-12-01T10:00:00Z'),
  origin: 'plugin:releases',
  payload: {
    title,
    link: '/catalog/default/component/cart/promotion',
    severity: 'normal' as const,
  },
});

const renderSidebar = (signals: FakeSignals, getNotification: jest.Mock) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [signalApiRef, signals],
        [toastApiRef, { post: jest.fn() }],
        [
          notificationsApiRef,
          {
            getStatus: jest.fn().mockResolvedValue({ unread: 1, read: 0 }),
            getNotification,
            updateNotifications: jest.fn().mockResolvedValue([]),
          } as any,
        ],
      ]}
    >
      <Root>
        <main>page</main>
      </Root>
    </TestApiProvider>,
    { mountedRoutes: { '/notifications': notificationsPlugin.routes.root } },
  );

describe('Root sidebar', () => {
  it('raises no toast per promotion step and no duplicate-key errors', async () => {
    const errors = jest.spyOn(console, 'error');
    try {
      const signals = new FakeSignals();
      const steps = [
        'cart: v1.6.0-rc.1 to qa requested',
        'cart: v1.6.0-rc.1 to qa waiting for approval',
        'cart: v1.6.0-rc.1 to qa succeeded',
      ];
      const getNotification = jest.fn();
      await renderSidebar(signals, getNotification);
      expect(
        await screen.findByRole('link', { name: /Notifications/ }),
      ).toBeInTheDocument();

      for (const title of steps) {
        getNotification.mockResolvedValue(notification(title));
        await act(async () => {
          signals.publish('notifications', {
            action: 'new_notification',
            notification_id: 'n-promotion-1',
          });
          await new Promise(resolve => setTimeout(resolve, 50));
        });
      }

      // The Promotion tab shows every step; the sidebar adds no toasts.
      for (const title of steps) {
        expect(screen.queryByText(title)).not.toBeInTheDocument();
      }
      const keyErrors = errors.mock.calls.filter(args =>
        args.some(a => String(a).includes('same key')),
      );
      expect(keyErrors).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });
});
