import { ConfigReader } from '@backstage/config';
import { DEFAULT_RISK_POLICY } from '@releases-for-backstage/plugin-releases-common';
import { DEFAULT_VOTE_ROLES, readJudgementSettings } from './settings';

const ENVIRONMENTS = ['dev', 'qa', 'staging', 'canary', 'prod'];
const read = (releases: object) =>
  readJudgementSettings(new ConfigReader({ releases }), ENVIRONMENTS);

describe('readJudgementSettings', () => {
  it('has no risk gates and no votes unless configured, and the default roles with votes', () => {
    expect(read({})).toEqual({
      risk: {
        policy: DEFAULT_RISK_POLICY,
        environments: {},
        isolatedEnvironments: [],
      },
      votes: { environments: [], roles: {} },
      windows: {},
    });
    expect(read({ votes: {} }).votes).toEqual({
      environments: ['prod'],
      roles: DEFAULT_VOTE_ROLES,
    });
  });

  it.each([
    [
      { risk: { environments: { prd: {} } } },
      /releases.risk.environments: 'prd' is not an environment/,
    ],
    [
      { risk: { isolatedEnvironments: ['test'] } },
      /releases.risk.isolatedEnvironments: 'test'/,
    ],
    [
      { votes: { environments: ['production'] } },
      /releases.votes.environments: 'production'/,
    ],
    [
      { risk: { environments: { prod: { minimum: 'severe' } } } },
      /releases.risk.environments.prod.minimum: 'severe'/,
    ],
    [
      { risk: { policy: { thresholds: { medium: 9, high: 4 } } } },
      /releases.risk.policy: .*thresholds.high/,
    ],
    [
      { votes: { roles: { sre: ['team-sre'] } } },
      /releases.votes.roles.sre\[0\]: 'team-sre' is not a group ref/,
    ],
    [
      { votes: { roles: { sre: [] } } },
      /releases.votes.roles.sre: needs at least one group/,
    ],
    [
      {
        windows: {
          shop: {
            windows: [
              {
                name: 'w',
                kind: 'allow',
                timeZone: 'Mars/Olympus',
                days: 'daily',
                start: '17:00',
                duration: '1h',
              },
            ],
          },
        },
      },
      /releases.windows.shop: .*Mars\/Olympus/,
    ],
  ])('stops the backend on %j, naming the key', (releases, message) => {
    expect(() => read(releases)).toThrow(message);
  });
});
