import type { Config } from '@backstage/config';
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
  };
}
