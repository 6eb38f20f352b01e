import { readDurationFromConfig, type Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_ENVIRONMENTS,
  DEFAULT_RELEASE_MANAGERS,
  PERSON_ONLY_PERMISSIONS,
  TERMINAL_PROMOTION_STATES,
  validateEnvironments,
  type EnvironmentDefinition,
  type EnvironmentType,
  type PromotionState,
} from '@releases-for-backstage/plugin-releases-common';
import {
  HumanDuration,
  durationToMilliseconds,
  type JsonObject,
} from '@backstage/types';
import type { AllowedService } from './auth/RequestGuard';
import type { EnvironmentSettings } from './promotions/checks';

export interface ReleasesSettings {
  cacheDir?: string;
  fetchIntervalMs: number;
  allowLocalRepositories: boolean;
  refreshFrequency: HumanDuration;
  refreshTimeout: HumanDuration;
  refreshInitialDelay: HumanDuration;
  environments: EnvironmentDefinition[];
  author: { name: string; email: string };
  promotionFrequency: HumanDuration;
  promotionTimeout: HumanDuration;
  /** Writes to GitHub-hosted environment repositories go through pull requests. */
  environmentPullRequests: boolean;
  /** `app.baseUrl`, for links in messages sent outside the portal. */
  appBaseUrl?: string;
  notifications: NotificationSettings;
  /** Set only when `releases.jira.webhookSecret` is configured. */
  jira?: JiraSettings;
  approvals: ApprovalSettings;
  /** `releases.permissions.releaseManagers`: also told about promotions. */
  releaseManagers: string[];
  /** `releases.permissions.allowServices`: services allowed person-only actions. */
  allowServices: AllowedService[];
  /** How long verification (and putting a version back) may take. */
  verificationTimeoutMs: number;
  /** Executor, gate and verifier settings per environment name. */
  environmentSettings: Record<string, EnvironmentSettings>;
}

export interface ApprovalSettings {
  /** Environments whose promotions wait for a person's approval. */
  environments: string[];
  /** The requester may approve their own promotion (off: four eyes). */
  allowSelfApproval: boolean;
}

export interface NotificationSettings {
  /** Set only when `releases.notifications.slack.webhookUrl` is configured. */
  slack?: { webhookUrl: string; states: PromotionState[] };
}

export interface JiraSettings {
  webhookSecret: string;
  /** Jira status an issue moves to -> environment its components go to. */
  transitions: Array<{ status: string; environment: string }>;
}

/** Every promotion state, to validate lists of states in config. */
const PROMOTION_STATES: Record<PromotionState, true> = {
  requested: true,
  'waiting-for-gates': true,
  approved: true,
  executing: true,
  verifying: true,
  'rolling-back': true,
  succeeded: true,
  failed: true,
  'rolled-back': true,
  rejected: true,
  aborted: true,
};

/** Slack gets the outcomes and the promotions waiting for someone, not every step. */
export const DEFAULT_SLACK_STATES: PromotionState[] = [
  ...TERMINAL_PROMOTION_STATES,
  'waiting-for-gates',
];

/** Reads the `releases` config block; see config.d.ts for every key. */
export function readReleasesConfig(config: Config): ReleasesSettings {
  const releases = config.getOptionalConfig('releases');
  const git = releases?.getOptionalConfig('git');
  const environments = readEnvironments(releases);
  return {
    cacheDir: git?.getOptionalString('cacheDir'),
    fetchIntervalMs: durationToMilliseconds(
      readDuration(releases, 'git.fetchInterval', { minutes: 1 }),
    ),
    allowLocalRepositories:
      git?.getOptionalBoolean('dangerouslyAllowLocalRepositories') ?? false,
    refreshFrequency: readDuration(
      releases,
      'refresh.frequency',
      { minutes: 5 },
      { positive: true },
    ),
    refreshTimeout: readDuration(
      releases,
      'refresh.timeout',
      { minutes: 10 },
      { positive: true },
    ),
    refreshInitialDelay: readDuration(releases, 'refresh.initialDelay', {
      seconds: 20,
    }),
    environments,
    author: {
      name: git?.getOptionalString('author.name') ?? 'Backstage Releases',
      email:
        git?.getOptionalString('author.email') ?? 'releases@backstage.invalid',
    },
    promotionFrequency: readDuration(
      releases,
      'promotions.frequency',
      { seconds: 5 },
      { positive: true },
    ),
    promotionTimeout: readDuration(
      releases,
      'promotions.timeout',
      { minutes: 2 },
      { positive: true },
    ),
    environmentPullRequests:
      releases?.getOptionalBoolean('environmentRepository.pullRequests') ??
      true,
    appBaseUrl: config.getOptionalString('app.baseUrl')?.replace(/\/+$/, ''),
    notifications: { slack: readSlack(releases) },
    jira: readJira(releases, environments),
    approvals: readApprovals(releases, environments),
    releaseManagers: readReleaseManagers(releases),
    allowServices: readAllowServices(releases),
    verificationTimeoutMs: durationToMilliseconds(
      readDuration(
        releases,
        'promotions.verificationTimeout',
        { minutes: 10 },
        { positive: true },
      ),
    ),
    environmentSettings: readEnvironmentSettings(releases),
  };
}

function readAllowServices(releases: Config | undefined): AllowedService[] {
  return (
    releases?.getOptionalConfigArray('permissions.allowServices') ?? []
  ).map((c, i) => {
    const subject = c.getString('subject');
    const permissions = c.getStringArray('permissions');
    for (const name of permissions) {
      // A typo would silently refuse; refuse to start instead.
      if (!PERSON_ONLY_PERMISSIONS.includes(name)) {
        throw new InputError(
          `releases.permissions.allowServices[${i}].permissions: '${name}' is not a person-only permission; they are ${PERSON_ONLY_PERMISSIONS.join(
            ', ',
          )}`,
        );
      }
    }
    return { subject, permissions };
  });
}

function readEnvironmentSettings(
  releases: Config | undefined,
): Record<string, EnvironmentSettings> {
  const out: Record<string, EnvironmentSettings> = {};
  for (const c of releases?.getOptionalConfigArray('environments') ?? []) {
    const settings: EnvironmentSettings = {};
    for (const kind of ['executors', 'gates', 'verifiers'] as const) {
      const value = c.getOptional(kind);
      if (value === undefined) continue;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new InputError(
          `releases.environments[${c.getString(
            'name',
          )}].${kind} must be an object of settings by id`,
        );
      }
      settings[kind] = value as Record<string, JsonObject>;
    }
    out[c.getString('name')] = settings;
  }
  return out;
}

function readApprovals(
  releases: Config | undefined,
  environments: EnvironmentDefinition[],
): ApprovalSettings {
  const names =
    releases?.getOptionalStringArray('promotions.requireApproval') ?? [];
  for (const name of names) {
    // A typo would silently skip the approval; refuse to start instead.
    if (!environments.some(e => e.name === name)) {
      throw new InputError(
        `releases.promotions.requireApproval: unknown environment '${name}'; environments are ${environments
          .map(e => e.name)
          .join(', ')}`,
      );
    }
  }
  return {
    environments: [...new Set(names)],
    allowSelfApproval:
      releases?.getOptionalBoolean('promotions.allowSelfApproval') ?? false,
  };
}

/**
 * A duration under `releases` (`{ minutes: 2 }`, or ISO 8601 such as
 * `PT2M`); a malformed one, or zero where a period is needed, stops the
 * backend with the key named.
 */
function readDuration(
  releases: Config | undefined,
  key: string,
  fallback: HumanDuration,
  options: { positive?: boolean } = {},
): HumanDuration {
  if (!releases?.has(key)) return fallback;
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(releases, { key });
  } catch (error) {
    throw new InputError(
      `releases.${key} must be a duration such as { minutes: 2 } or 'PT2M': ${
        (error as Error).message
      }`,
    );
  }
  const ms = durationToMilliseconds(duration);
  if (!(ms >= 0) || (options.positive && ms === 0)) {
    throw new InputError(
      `releases.${key} must be ${
        options.positive ? 'longer than zero' : 'zero or more'
      }`,
    );
  }
  return duration;
}

function readReleaseManagers(releases: Config | undefined): string[] {
  const refs =
    releases?.getOptionalStringArray('permissions.releaseManagers') ??
    DEFAULT_RELEASE_MANAGERS;
  return refs.map((ref, i) => {
    try {
      // Full refs only: the permission policy compares them as strings.
      const parsed = parseEntityRef(ref);
      return stringifyEntityRef(parsed);
    } catch (error) {
      throw new InputError(
        `releases.permissions.releaseManagers[${i}]: ${
          (error as Error).message
        }`,
      );
    }
  });
}

function readSlack(
  releases: Config | undefined,
): NotificationSettings['slack'] {
  const slack = releases?.getOptionalConfig('notifications.slack');
  const webhookUrl = slack?.getOptionalString('webhookUrl');
  if (!slack || !webhookUrl) return undefined;
  if (!/^https?:\/\//.test(webhookUrl)) {
    throw new InputError(
      'releases.notifications.slack.webhookUrl must be an http(s) URL',
    );
  }
  const states = slack.getOptionalStringArray('states') ?? DEFAULT_SLACK_STATES;
  for (const state of states) {
    if (!Object.hasOwn(PROMOTION_STATES, state)) {
      throw new InputError(
        `releases.notifications.slack.states: '${state}' is not a promotion state; states are ${Object.keys(
          PROMOTION_STATES,
        ).join(', ')}`,
      );
    }
  }
  return { webhookUrl, states: states as PromotionState[] };
}

function readJira(
  releases: Config | undefined,
  environments: EnvironmentDefinition[],
): JiraSettings | undefined {
  const jira = releases?.getOptionalConfig('jira');
  const webhookSecret = jira?.getOptionalString('webhookSecret');
  if (!jira || !webhookSecret) return undefined;
  const seen = new Set<string>();
  const transitions = (jira.getOptionalConfigArray('transitions') ?? []).map(
    (c, i) => {
      const status = c.getString('status').trim();
      const environment = c.getString('environment');
      // A typo here would silently never promote; refuse to start instead.
      if (!environments.some(e => e.name === environment)) {
        throw new InputError(
          `releases.jira.transitions[${i}].environment: unknown environment '${environment}'; environments are ${environments
            .map(e => e.name)
            .join(', ')}`,
        );
      }
      if (seen.has(status.toLowerCase())) {
        throw new InputError(
          `releases.jira.transitions[${i}].status: '${status}' is mapped twice`,
        );
      }
      seen.add(status.toLowerCase());
      return { status, environment };
    },
  );
  return { webhookSecret, transitions };
}

function readEnvironments(
  releases: Config | undefined,
): EnvironmentDefinition[] {
  const list = releases?.getOptionalConfigArray('environments');
  if (!list) return [...DEFAULT_ENVIRONMENTS];
  // validateEnvironments names the first bad entry; the backend refuses to start.
  return validateEnvironments(
    list.map(c => ({
      name: c.getString('name'),
      type: c.getString('type') as EnvironmentType,
      description: c.getOptionalString('description'),
    })),
  );
}
