import type { Promotion } from '@releases-for-backstage/plugin-releases-common';

/** A promotion as it is after a state change, without its event history. */
export type PromotionChange = Omit<Promotion, 'events'>;

/** One way of telling people about promotion state changes. */
export interface PromotionChannel {
  /** Names the channel in log messages. */
  readonly name: string;
  /**
   * Delivers one state change. `signal` aborts when the notifier stops
   * waiting; channels that do I/O pass it on.
   */
  send(
    promotion: PromotionChange,
    options: { signal: AbortSignal },
  ): Promise<void>;
}
