import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { promotionChange } from '../service/__testUtils__/promotionChange';
import { DEFAULT_SLACK_STATES } from '../config';
import { SlackChannel } from './SlackChannel';

const WEBHOOK = 'https://hooks.slack.test/services/T000/B000/secret-part';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Records the JSON bodies posted to the webhook. */
function slackAnswering(
  respond: () => Response | Promise<Response> = () => new HttpResponse('ok'),
) {
  const bodies: unknown[] = [];
  server.use(
    http.post(WEBHOOK, async ({ request }) => {
      expect(request.headers.get('content-type')).toBe('application/json');
      bodies.push(await request.json());
      return respond();
    }),
  );
  return bodies;
}

describe('SlackChannel', () => {
  const signal = new AbortController().signal;
  const channel = new SlackChannel({
    webhookUrl: WEBHOOK,
    states: DEFAULT_SLACK_STATES,
    appBaseUrl: 'https://portal.example.com',
  });

  it('posts text and a mrkdwn section with entity, environment, version, state, actor, reason and link', async () => {
    const bodies = slackAnswering();
    await channel.send(
      promotionChange({ state: 'failed', reason: 'push refused' }),
      { signal },
    );
    expect(bodies).toEqual([
      {
        text: 'cart: v1.4.0 to prod failed',
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: [
                '*<https://portal.example.com/catalog/default/component/cart/promotion|cart: v1.4.0 to prod failed>*',
                '*Entity:* component:default/cart',
                '*Environment:* prod',
                '*Version:* v1.4.0',
                '*State:* failed',
                '*Requested by:* user:default/ann',
                '*Reason:* push refused',
              ].join('\n'),
            },
          },
        ],
      },
    ]);
  });

  it('escapes mrkdwn control characters and leaves the link out without app.baseUrl', async () => {
    const bodies = slackAnswering();
    const plain = new SlackChannel({
      webhookUrl: WEBHOOK,
      states: ['succeeded'],
    });
    await plain.send(promotionChange({ reason: 'tag <v1.4.0> & push' }), {
      signal,
    });
    const text = (bodies[0] as any).blocks[0].text.text as string;
    expect(text.split('\n')[0]).toBe('*cart: v1.4.0 to prod succeeded*');
    expect(text).toContain('*Reason:* tag &lt;v1.4.0&gt; &amp; push');
  });

  it('posts only the configured states', async () => {
    const bodies = slackAnswering();
    for (const state of [
      'requested',
      'approved',
      'executing',
      'verifying',
    ] as const) {
      await channel.send(promotionChange({ state }), { signal });
    }
    expect(bodies).toEqual([]);
    await channel.send(promotionChange({ state: 'waiting-for-gates' }), {
      signal,
    });
    await channel.send(promotionChange({ state: 'aborted' }), { signal });
    expect(bodies.map((b: any) => b.text)).toEqual([
      'cart: v1.4.0 to prod waiting for gates',
      'cart: v1.4.0 to prod aborted',
    ]);
  });

  it('fails on an error answer, without the secret URL in the message', async () => {
    slackAnswering(
      () =>
        new HttpResponse('invalid_token', {
          status: 500,
          statusText: 'Internal Server Error',
        }),
    );
    const sent = channel.send(promotionChange(), { signal });
    await expect(sent).rejects.toThrow(
      'Slack webhook answered 500 Internal Server Error',
    );
    await expect(sent).rejects.not.toThrow(/secret-part/);
  });

  it('gives up when the signal aborts', async () => {
    slackAnswering(async () => {
      await delay('infinite');
      return new HttpResponse('ok');
    });
    const controller = new AbortController();
    const sent = channel.send(promotionChange(), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('took too long')), 50);
    await expect(sent).rejects.toThrow();
  });
});
