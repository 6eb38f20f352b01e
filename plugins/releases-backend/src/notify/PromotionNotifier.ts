import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PromotionChange, PromotionChannel } from './PromotionChannel';

export interface PromotionNotifierOptions {
  channels: PromotionChannel[];
  logger: LoggerService;
  /** How long one channel may take per state change. Default: 5 seconds. */
  timeoutMs?: number;
}

/** Raised into the log when a channel took longer than the notifier waits. */
export class ChannelTimeoutError extends Error {
  constructor(readonly channel: string, readonly timeoutMs: number) {
    super(`${channel} did not answer within ${timeoutMs} ms`);
    this.name = ChannelTimeoutError.name;
  }
}

/**
 * Fans promotion state changes out to every channel; PromotionService calls
 * `onChange` after each change. Telling people must never fail or stall a
 * promotion: channels run in parallel, each error is logged and dropped,
 * and a channel that does not answer in time is abandoned (and aborted).
 */
export class PromotionNotifier {
  private readonly timeoutMs: number;

  constructor(private readonly options: PromotionNotifierOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Resolves when every channel has delivered, failed or timed out; never rejects. */
  readonly onChange = async (promotion: PromotionChange): Promise<void> => {
    await Promise.all(
      this.options.channels.map(channel => this.deliver(channel, promotion)),
    );
  };

  private async deliver(
    channel: PromotionChannel,
    promotion: PromotionChange,
  ): Promise<void> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The race ends the wait even for a channel that ignores the signal.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new ChannelTimeoutError(channel.name, this.timeoutMs);
        controller.abort(error);
        reject(error);
      }, this.timeoutMs);
    });
    try {
      await Promise.race([
        channel.send(promotion, { signal: controller.signal }),
        timeout,
      ]);
    } catch (error) {
      const e = error as Error;
      this.options.logger.warn(
        `Promotion ${promotion.id} of ${promotion.entityRef} (${
          promotion.state
        }) was not sent to ${channel.name}: ${e?.message ?? e}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
