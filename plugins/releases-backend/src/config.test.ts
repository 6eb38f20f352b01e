import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { DEFAULT_SLACK_STATES, readReleasesConfig } from './config';

const read = (data: JsonObject) => readReleasesConfig(new ConfigReader(data));

describe('readReleasesConfig', () => {
  it('sends nothing to Slack and has no Jira trigger by default', () => {
    const settings = read({});
    expect(settings.notifications).toEqual({ slack: undefined });
    expect(settings.jira).toBeUndefined();
    expect(settings.appBaseUrl).toBeUndefined();
  });

  it('reads the Slack webhook with the default states and app.baseUrl for links', () => {
    const settings = read({
      app: { baseUrl: 'https://portal.example.com/' },
      releases: {
        notifications: {
          slack: { webhookUrl: 'https://hooks.slack.com/services/T/B/X' },
        },
      },
    });
    expect(settings.appBaseUrl).toBe('https://portal.example.com');
    expect(settings.notifications.slack).toEqual({
      webhookUrl: 'https://hooks.slack.com/services/T/B/X',
      states: [
        'succeeded',
        'failed',
        'rolled-back',
        'rejected',
        'aborted',
        'waiting-for-gates',
      ],
    });
    expect(DEFAULT_SLACK_STATES).toEqual(settings.notifications.slack!.states);
  });

  it('takes a list of Slack states, and refuses unknown ones', () => {
    const slack = (states: string[]) => ({
      releases: {
        notifications: {
          slack: { webhookUrl: 'https://hooks.slack.com/x', states },
        },
      },
    });
    expect(read(slack(['failed'])).notifications.slack!.states).toEqual([
      'failed',
    ]);
    expect(() => read(slack(['failed', 'done']))).toThrow(
      "releases.notifications.slack.states: 'done' is not a promotion state",
    );
    expect(() => read(slack(['toString']))).toThrow(
      /'toString' is not a promotion state/,
    );
  });

  it('refuses a Slack webhook that is not an http(s) URL', () => {
    expect(() =>
      read({
        releases: {
          notifications: { slack: { webhookUrl: 'file:///etc/passwd' } },
        },
      }),
    ).toThrow('releases.notifications.slack.webhookUrl must be an http(s) URL');
  });

  it('reads the Jira trigger only with a secret', () => {
    const transitions = [
      { status: ' Ready for Prod ', environment: 'prod' },
      { status: 'Ready for QA', environment: 'qa' },
    ];
    expect(read({ releases: { jira: { transitions } } }).jira).toBeUndefined();
    expect(
      read({ releases: { jira: { webhookSecret: 's3cret', transitions } } })
        .jira,
    ).toEqual({
      webhookSecret: 's3cret',
      transitions: [
        { status: 'Ready for Prod', environment: 'prod' },
        { status: 'Ready for QA', environment: 'qa' },
      ],
    });
    expect(
      read({ releases: { jira: { webhookSecret: 's3cret' } } }).jira,
    ).toEqual({ webhookSecret: 's3cret', transitions: [] });
  });

  it('refuses Jira transitions to unknown environments or a status mapped twice', () => {
    expect(() =>
      read({
        releases: {
          jira: {
            webhookSecret: 's',
            transitions: [{ status: 'Done', environment: 'moon' }],
          },
        },
      }),
    ).toThrow(
      "releases.jira.transitions[0].environment: unknown environment 'moon'; environments are dev, qa, staging, canary, prod",
    );
    expect(() =>
      read({
        releases: {
          environments: [{ name: 'test', type: 'qa' }],
          jira: {
            webhookSecret: 's',
            transitions: [{ status: 'Done', environment: 'qa' }],
          },
        },
      }),
    ).toThrow(/unknown environment 'qa'; environments are test/);
    expect(() =>
      read({
        releases: {
          jira: {
            webhookSecret: 's',
            transitions: [
              { status: 'Done', environment: 'qa' },
              { status: 'done', environment: 'prod' },
            ],
          },
        },
      }),
    ).toThrow("releases.jira.transitions[1].status: 'done' is mapped twice");
  });

  it('requires no approvals by default, and reads the environments that do', () => {
    expect(read({}).approvals).toEqual({
      environments: [],
      allowSelfApproval: false,
    });
    expect(
      read({
        releases: {
          promotions: {
            requireApproval: ['prod', 'canary', 'prod'],
            allowSelfApproval: true,
          },
        },
      }).approvals,
    ).toEqual({ environments: ['prod', 'canary'], allowSelfApproval: true });
  });

  it('refuses an approval for an environment that does not exist', () => {
    expect(() =>
      read({ releases: { promotions: { requireApproval: ['production'] } } }),
    ).toThrow(
      "releases.promotions.requireApproval: unknown environment 'production'; environments are dev, qa, staging, canary, prod",
    );
  });

  it('keeps a pass of the promotion task short by default, so a crash stalls promotions briefly', () => {
    expect(read({}).promotionTimeout).toEqual({ minutes: 2 });
    expect(
      read({ releases: { promotions: { timeout: { seconds: 30 } } } })
        .promotionTimeout,
    ).toEqual({ seconds: 30 });
  });

  it('reads durations as objects or ISO 8601, and refuses malformed or empty ones naming the key', () => {
    expect(
      read({ releases: { promotions: { timeout: 'PT30S' } } }).promotionTimeout,
    ).toEqual({ seconds: 30 });
    expect(() =>
      read({ releases: { promotions: { timeout: { minute: 2 } } } }),
    ).toThrow(
      /^releases\.promotions\.timeout must be a duration such as \{ minutes: 2 \} or 'PT2M'/,
    );
    expect(() => read({ releases: { promotions: { timeout: 5 } } })).toThrow(
      /releases\.promotions\.timeout must be a duration/,
    );
    expect(() =>
      read({ releases: { promotions: { frequency: { seconds: 0 } } } }),
    ).toThrow('releases.promotions.frequency must be longer than zero');
    expect(() =>
      read({ releases: { refresh: { initialDelay: { seconds: -1 } } } }),
    ).toThrow('releases.refresh.initialDelay must be zero or more');
    expect(
      read({ releases: { refresh: { initialDelay: { seconds: 0 } } } })
        .refreshInitialDelay,
    ).toEqual({ seconds: 0 });
  });

  it('reads the release managers, and refuses a reference that is not a full entity ref', () => {
    expect(read({}).releaseManagers).toEqual([
      'group:default/release-managers',
    ]);
    expect(
      read({
        releases: { permissions: { releaseManagers: ['group:ops/SRE'] } },
      }).releaseManagers,
    ).toEqual(['group:ops/sre']);
    expect(() =>
      read({
        releases: {
          permissions: { releaseManagers: ['group:default/a', 'sre'] },
        },
      }),
    ).toThrow(/^releases\.permissions\.releaseManagers\[1\]: .*sre/);
  });

  it('allows no service person-only actions by default, and refuses permissions that are not person-only', () => {
    expect(read({}).allowServices).toEqual([]);
    const allow = (permissions: string[]) => ({
      releases: {
        permissions: {
          allowServices: [{ subject: 'external:ci-pipeline', permissions }],
        },
      },
    });
    expect(read(allow(['releases.promotion.create'])).allowServices).toEqual([
      {
        subject: 'external:ci-pipeline',
        permissions: ['releases.promotion.create'],
      },
    ]);
    expect(() => read(allow(['releases.promotion.creat']))).toThrow(
      "releases.permissions.allowServices[0].permissions: 'releases.promotion.creat' is not a person-only permission",
    );
  });

  it('reads per-environment settings of executors, gates and verifiers, and a verification timeout', () => {
    const settings = read({
      releases: {
        environments: [
          {
            name: 'qa',
            type: 'qa',
            executors: { kubernetes: { namespace: 'shop' } },
          },
          { name: 'prod', type: 'prod' },
        ],
        promotions: { verificationTimeout: { minutes: 3 } },
      },
    });
    expect(settings.environmentSettings).toEqual({
      qa: { executors: { kubernetes: { namespace: 'shop' } } },
      prod: {},
    });
    expect(settings.verificationTimeoutMs).toBe(180_000);
    expect(read({}).verificationTimeoutMs).toBe(600_000);
    expect(() =>
      read({
        releases: { environments: [{ name: 'qa', type: 'qa', gates: ['x'] }] },
      }),
    ).toThrow(
      'releases.environments[qa].gates must be an object of settings by id',
    );
  });
});
