import type { PromotionState } from '@releases-for-backstage/plugin-releases-common';
import type { PromotionChange, PromotionChannel } from './PromotionChannel';
import { promotionTabPath, promotionTitle } from './describePromotion';

export interface SlackChannelOptions {
  /** The Slack incoming webhook URL (a secret). */
  webhookUrl: string;
  /** States that post a message. */
  states: readonly PromotionState[];
  /** The portal's `app.baseUrl`; without it, messages carry no link. */
  appBaseUrl?: string;
}

/** Slack's mrkdwn treats these three as control characters. */
function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Posts promotion state changes to a Slack incoming webhook. */
export class SlackChannel implements PromotionChannel {
  readonly name = 'slack';

  constructor(private readonly options: SlackChannelOptions) {}

  /** The JSON body of the webhook call: `text` for previews, one section block. */
  message(p: PromotionChange): { text: string; blocks: unknown[] } {
    const title = promotionTitle(p);
    const link = this.options.appBaseUrl
      ? `${this.options.appBaseUrl}${promotionTabPath(p.entityRef)}`
      : undefined;
    const lines = [
      link ? `*<${link}|${escape(title)}>*` : `*${escape(title)}*`,
      `*Entity:* ${escape(p.entityRef)}`,
      `*Environment:* ${escape(p.environment)}`,
      `*Version:* ${escape(p.version ?? 'not planned')}`,
      `*State:* ${p.state}`,
      `*Requested by:* ${escape(p.createdBy)}`,
      ...(p.reason ? [`*Reason:* ${escape(p.reason)}`] : []),
    ];
    return {
      text: title,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      ],
    };
  }

  async send(
    p: PromotionChange,
    options: { signal: AbortSignal },
  ): Promise<void> {
    if (!this.options.states.includes(p.state)) return;
    const response = await fetch(this.options.webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(this.message(p)),
      signal: options.signal,
    });
    if (!response.ok) {
      // Never the URL in the message: it is the secret.
      throw new Error(
        `Slack webhook answered ${response.status} ${response.statusText}`.trim(),
      );
    }
  }
}
