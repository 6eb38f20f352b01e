import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  RELEASES_PROMOTIONS_SIGNAL_CHANNEL,
  type PromotionSignal,
} from '@releases-for-backstage/plugin-releases-common';
import type { PromotionChange, PromotionChannel } from './PromotionChannel';

/**
 * Broadcasts every state change to open portal pages, which update their
 * promotion progress live. The message is a contract with the frontend:
 * exactly the fields of {@link PromotionSignal}.
 */
export class SignalsChannel implements PromotionChannel {
  readonly name = 'signals';

  constructor(private readonly options: { signals: SignalsService }) {}

  async send(p: PromotionChange): Promise<void> {
    const message: PromotionSignal = {
      id: p.id,
      entityRef: p.entityRef,
      environment: p.environment,
      state: p.state,
      version: p.version,
      updatedAt: p.updatedAt,
    };
    await this.options.signals.publish<PromotionSignal>({
      recipients: { type: 'broadcast' },
      channel: RELEASES_PROMOTIONS_SIGNAL_CHANNEL,
      message,
    });
  }
}
