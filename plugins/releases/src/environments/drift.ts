import type { EnvironmentStatus } from '@releases-for-backstage/plugin-releases-common';
import { compareDeployed } from './versions';

/** An environment that runs an older version than the one before it. */
export interface Drift {
  environment: string;
  /** What the environment runs. */
  version: string;
  /** The environment before it in the promotion order. */
  behind: string;
  /** What that environment runs. */
  behindVersion: string;
}

/**
 * Environments, in promotion order, that run an older release than the
 * environment before them: a version went ahead and was not promoted on
 * (or this one was rolled back). Environments running `WIP` or nothing are
 * never compared.
 */
export function findDrift(
  environments: ReadonlyArray<
    Pick<EnvironmentStatus, 'environment' | 'version'>
  >,
): Map<string, Drift> {
  const drift = new Map<string, Drift>();
  for (let i = 1; i < environments.length; i++) {
    const previous = environments[i - 1];
    const current = environments[i];
    if (compareDeployed(current.version, previous.version) === -1) {
      drift.set(current.environment, {
        environment: current.environment,
        version: current.version!,
        behind: previous.environment,
        behindVersion: previous.version!,
      });
    }
  }
  return drift;
}
