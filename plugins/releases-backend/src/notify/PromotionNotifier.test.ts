import { mockServices } from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { promotionChange } from '../service/__testUtils__/promotionChange';
import type { PromotionChannel } from './PromotionChannel';
import { ChannelTimeoutError, PromotionNotifier } from './PromotionNotifier';
import { SlackChannel } from './SlackChannel';

const WEBHOOK = 'https://hooks.slack.test/services/T000/B000/secret-part';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function recording(name: string): PromotionChannel & { sent: string[] } {
  const sent: string[] = [];
  return {
    name,
    sent,
    async send(p) {
      sent.push(`${p.id}:${p.state}`);
    },
  };
}

describe('PromotionNotifier', () => {
  it('hands every change to every channel', async () => {
    const a = recording('a');
    const b = recording('b');
    const notifier = new PromotionNotifier({
      channels: [a, b],
      logger: mockServices.logger.mock(),
    });
    await notifier.onChange(promotionChange({ id: 'p1', state: 'requested' }));
    await notifier.onChange(promotionChange({ id: 'p1', state: 'succeeded' }));
    expect(a.sent).toEqual(['p1:requested', 'p1:succeeded']);
    expect(b.sent).toEqual(a.sent);
  });

  it('logs and drops every channel error, and still serves the other channels', async () => {
    const logger = mockServices.logger.mock();
    const ok = recording('ok');
    const rejecting: PromotionChannel = {
      name: 'rejecting',
      send: async () => Promise.reject(new Error('bus down')),
    };
    const throwing: PromotionChannel = {
      name: 'throwing',
      send: () => {
        throw new Error('not even a promise');
      },
    };
    const notifier = new PromotionNotifier({
      channels: [rejecting, throwing, ok],
      logger,
    });
    await expect(
      notifier.onChange(promotionChange({ id: 'p1', state: 'failed' })),
    ).resolves.toBeUndefined();
    expect(ok.sent).toEqual(['p1:failed']);
    expect(logger.warn.mock.calls.map(([message]) => message).sort()).toEqual([
      'Promotion p1 of component:default/cart (failed) was not sent to rejecting: bus down',
      'Promotion p1 of component:default/cart (failed) was not sent to throwing: not even a promise',
    ]);
  });

  it('stops waiting for a channel after the timeout, and aborts it', async () => {
    const logger = mockServices.logger.mock();
    let aborted: unknown;
    const hanging: PromotionChannel = {
      name: 'hanging',
      send: (_p, { signal }) =>
        new Promise(() => {
          signal.addEventListener('abort', () => {
            aborted = signal.reason;
          });
        }),
    };
    const ok = recording('ok');
    const notifier = new PromotionNotifier({
      channels: [hanging, ok],
      logger,
      timeoutMs: 100,
    });
    const started = Date.now();
    await notifier.onChange(promotionChange({ id: 'p1' }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(ok.sent).toEqual(['p1:succeeded']);
    expect(aborted).toBeInstanceOf(ChannelTimeoutError);
    expect(logger.warn).toHaveBeenCalledWith(
      'Promotion p1 of component:default/cart (succeeded) was not sent to hanging: hanging did not answer within 100 ms',
    );
  });

  describe('with Slack', () => {
    const slack = () =>
      new SlackChannel({
        webhookUrl: WEBHOOK,
        states: ['succeeded'],
        appBaseUrl: 'https://portal.example.com',
      });

    it('survives a Slack that answers 500', async () => {
      const logger = mockServices.logger.mock();
      let calls = 0;
      server.use(
        http.post(WEBHOOK, () => {
          calls++;
          return new HttpResponse('oops', { status: 500 });
        }),
      );
      const notifier = new PromotionNotifier({ channels: [slack()], logger });
      await expect(
        notifier.onChange(promotionChange({ id: 'p1' })),
      ).resolves.toBeUndefined();
      expect(calls).toBe(1);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^Promotion p1 .* was not sent to slack: Slack webhook answered 500/,
        ),
      );
      expect(logger.warn.mock.calls.join(' ')).not.toContain('secret-part');
    });

    it('does not hang with a Slack that never answers', async () => {
      const logger = mockServices.logger.mock();
      server.use(
        http.post(WEBHOOK, async () => {
          await delay('infinite');
          return new HttpResponse('ok');
        }),
      );
      const notifier = new PromotionNotifier({
        channels: [slack()],
        logger,
        timeoutMs: 200,
      });
      const started = Date.now();
      await notifier.onChange(promotionChange({ id: 'p1' }));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /was not sent to slack: slack did not answer within 200 ms/,
        ),
      );
    });
  });
});
