import type { Config } from '@backstage/config';
import {
  DEFAULT_ENVIRONMENTS,
  validateEnvironments,
  type EnvironmentDefinition,
  type EnvironmentType,
} from '@releases-for-backstage/plugin-releases-common';
import {
  HumanDuration,
  durationToMilliseconds,
} from '@backstage/types';

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
}

/** Reads the `releases` config block; see config.d.ts for every key. */
export function readReleasesConfig(config: Config): ReleasesSettings {
  const releases = config.getOptionalConfig('releases');
  const git = releases?.getOptionalConfig('git');
  const refresh = releases?.getOptionalConfig('refresh');
  const fetchInterval = git?.getOptional<HumanDuration>('fetchInterval');
  return {
    cacheDir: git?.getOptionalString('cacheDir'),
    fetchIntervalMs: fetchInterval ? durationToMilliseconds(fetchInterval) : 60_000,
    allowLocalRepositories:
      git?.getOptionalBoolean('dangerouslyAllowLocalRepositories') ?? false,
    refreshFrequency: refresh?.getOptional<HumanDuration>('frequency') ?? { minutes: 5 },
    refreshTimeout: refresh?.getOptional<HumanDuration>('timeout') ?? { minutes: 10 },
    refreshInitialDelay: refresh?.getOptional<HumanDuration>('initialDelay') ?? { seconds: 20 },
    environments: readEnvironments(releases),
    author: {
      name: git?.getOptionalString('author.name') ?? 'Backstage Releases',
      email: git?.getOptionalString('author.email') ?? 'releases@backstage.invalid',
    },
    promotionFrequency: releases?.getOptional<HumanDuration>('promotions.frequency') ?? { seconds: 5 },
  };
}

function readEnvironments(releases: Config | undefined): EnvironmentDefinition[] {
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
