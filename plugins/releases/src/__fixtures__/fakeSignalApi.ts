import type {
  SignalApi,
  SignalSubscriber,
} from '@backstage/plugin-signals-react';
import {
  RELEASES_PROMOTIONS_SIGNAL_CHANNEL,
  type Promotion,
  type PromotionSignal,
} from '@releases-for-backstage/plugin-releases-common';

type Listener = Parameters<SignalApi['subscribe']>[1];
type JsonObject = Parameters<Listener>[0];

/**
 * A {@link SignalApi} without a connection: tests publish the messages the
 * backend would send. Wrap `publish` in `act`.
 */
export class FakeSignalApi implements SignalApi {
  private readonly listeners = new Set<{
    channel: string;
    onMessage: Listener;
  }>();

  subscribe<TMessage extends JsonObject = JsonObject>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ): SignalSubscriber {
    // The backend decides what a channel carries; so does the test.
    const listener = { channel, onMessage: onMessage as Listener };
    this.listeners.add(listener);
    return { unsubscribe: () => this.listeners.delete(listener) };
  }

  /** Delivers a promotion signal to the subscribers of its channel. */
  publish(...signals: PromotionSignal[]): void {
    for (const signal of signals) {
      for (const { channel, onMessage } of this.listeners) {
        if (channel === RELEASES_PROMOTIONS_SIGNAL_CHANNEL) onMessage(signal);
      }
    }
  }

  /** How many subscriptions are open on the promotions channel. */
  get subscriptions(): number {
    return [...this.listeners].filter(
      l => l.channel === RELEASES_PROMOTIONS_SIGNAL_CHANNEL,
    ).length;
  }
}

/** The signal the backend sends when `promotion` reaches its state. */
export function signalOf(promotion: Promotion): PromotionSignal {
  return {
    id: promotion.id,
    entityRef: promotion.entityRef,
    environment: promotion.environment,
    state: promotion.state,
    version: promotion.version,
    updatedAt: promotion.updatedAt,
  };
}
