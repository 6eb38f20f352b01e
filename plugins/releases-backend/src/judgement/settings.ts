/*
 * Configuration of the judgement of promotions: the risk policy and where
 * risk chooses the gate (`releases.risk`), go/no-go votes (`releases.votes`)
 * and release windows per product (`releases.windows`). Read once at start;
 * a mistake stops the backend with the key named, rather than letting a
 * gate wave promotions through.
 */
import type { Config } from '@backstage/config';
import {
  DEFAULT_RISK_POLICY,
  RISK_LEVELS,
  parseWindowPolicy,
  validateRiskPolicy,
  type RiskLevel,
  type RiskPolicy,
  type WindowPolicy,
} from '@releases-for-backstage/plugin-releases-common';

/** Roles that vote by default, each with the catalog group that holds it. */
export const DEFAULT_VOTE_ROLES: Readonly<Record<string, string[]>> = {
  'module-lead': ['group:default/module-leads'],
  sre: ['group:default/sre'],
  qa: ['group:default/qa'],
  product: ['group:default/product'],
};

export interface RiskSettings {
  policy: RiskPolicy;
  /**
   * Environments where the measured risk chooses the gate, each with the
   * lowest level it treats a release as (prod may always count as high).
   */
  environments: Record<string, { minimum: RiskLevel }>;
  /** Environments whose results count as from an isolated test environment. */
  isolatedEnvironments: string[];
}

export interface VoteSettings {
  /** Environments whose promotions need every role's go. */
  environments: string[];
  /** Role -> catalog groups whose members vote for it. */
  roles: Record<string, string[]>;
}

export interface JudgementSettings {
  risk: RiskSettings;
  votes: VoteSettings;
  /** System ref (`system:default/shop`) -> its windows. */
  windows: Record<string, WindowPolicy>;
}

function fail(key: string, message: string): never {
  throw new Error(`${key}: ${message}`);
}

const GROUP_REF = /^group:[a-z0-9._-]+\/[a-z0-9._-]+$/i;

/**
 * Reads the judgement settings. `environments` are the names the portal
 * has: a gate configured for another name (a typo) would never apply, so
 * it stops the backend instead.
 */
export function readJudgementSettings(
  config: Config,
  environments: readonly string[],
): JudgementSettings {
  const releases = config.getOptionalConfig('releases');
  const settings = {
    risk: readRisk(releases?.getOptionalConfig('risk')),
    votes: readVotes(releases?.getOptionalConfig('votes')),
    windows: readWindows(releases?.getOptionalConfig('windows')),
  };
  const named: Array<[string, string[]]> = [
    ['releases.risk.environments', Object.keys(settings.risk.environments)],
    ['releases.risk.isolatedEnvironments', settings.risk.isolatedEnvironments],
    ['releases.votes.environments', settings.votes.environments],
  ];
  for (const [key, names] of named) {
    for (const name of names) {
      if (!environments.includes(name)) {
        fail(
          key,
          `'${name}' is not an environment; environments are ${environments.join(
            ', ',
          )}`,
        );
      }
    }
  }
  return settings;
}

function readRisk(risk: Config | undefined): RiskSettings {
  const overrides = risk?.getOptional('policy') as object | undefined;
  let policy: RiskPolicy = DEFAULT_RISK_POLICY;
  if (overrides !== undefined) {
    try {
      policy = validateRiskPolicy({ ...DEFAULT_RISK_POLICY, ...overrides });
    } catch (error) {
      fail('releases.risk.policy', (error as Error).message);
    }
  }
  const environments: RiskSettings['environments'] = {};
  const envs = risk?.getOptionalConfig('environments');
  for (const name of envs?.keys() ?? []) {
    const minimum = envs!.getOptionalString(`${name}.minimum`) ?? 'low';
    if (!RISK_LEVELS.includes(minimum as RiskLevel)) {
      fail(
        `releases.risk.environments.${name}.minimum`,
        `'${minimum}' is not one of ${RISK_LEVELS.join(', ')}`,
      );
    }
    environments[name] = { minimum: minimum as RiskLevel };
  }
  return {
    policy,
    environments,
    isolatedEnvironments:
      risk?.getOptionalStringArray('isolatedEnvironments') ?? [],
  };
}

function readVotes(votes: Config | undefined): VoteSettings {
  if (!votes) return { environments: [], roles: {} };
  const roles: Record<string, string[]> = {};
  const configured = votes.getOptionalConfig('roles');
  for (const role of configured?.keys() ?? Object.keys(DEFAULT_VOTE_ROLES)) {
    const groups = configured
      ? configured.getStringArray(role)
      : DEFAULT_VOTE_ROLES[role];
    if (!/^[a-z][a-z0-9-]{0,63}$/.test(role)) {
      fail(`releases.votes.roles.${role}`, 'a role is lower-case a-z, 0-9, -');
    }
    if (groups.length === 0) {
      fail(`releases.votes.roles.${role}`, 'needs at least one group');
    }
    groups.forEach((g, i) => {
      if (!GROUP_REF.test(g)) {
        fail(
          `releases.votes.roles.${role}[${i}]`,
          `'${g}' is not a group ref (group:namespace/name)`,
        );
      }
    });
    roles[role] = groups.map(g => g.toLocaleLowerCase('en-US'));
  }
  return {
    environments: votes.getOptionalStringArray('environments') ?? ['prod'],
    roles,
  };
}

function readWindows(
  windows: Config | undefined,
): Record<string, WindowPolicy> {
  const out: Record<string, WindowPolicy> = {};
  for (const system of windows?.keys() ?? []) {
    const ref = system.includes(':') ? system : `system:default/${system}`;
    try {
      out[ref.toLocaleLowerCase('en-US')] = parseWindowPolicy(
        windows!.get(system),
      );
    } catch (error) {
      fail(`releases.windows.${system}`, (error as Error).message);
    }
  }
  return out;
}
