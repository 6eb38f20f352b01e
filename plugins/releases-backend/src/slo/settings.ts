/*
 * Configuration of SLO evaluations and stability scores
 * (`releases.slo`). Read once at start; a mistake stops the backend with
 * the key named.
 */
import type { Config } from '@backstage/config';
import type { EnvironmentDefinition } from '@releases-for-backstage/plugin-releases-common';
import type { SloSettings } from './SloService';

function fail(key: string, message: string): never {
  throw new Error(`${key}: ${message}`);
}

function positive(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(value > 0))
    fail(`releases.slo.${key}`, `must be a positive number, not ${value}`);
  return value;
}

/** Soak environments default to those of type staging and canary. */
export function readSloSettings(
  config: Config,
  environments: readonly EnvironmentDefinition[],
): SloSettings {
  const slo = config.getOptionalConfig('releases.slo');
  const names = environments.map(e => e.name);
  const listed = slo?.getOptionalStringArray('environments');
  for (const [i, name] of (listed ?? []).entries()) {
    if (!names.includes(name)) {
      fail(
        `releases.slo.environments[${i}]`,
        `'${name}' is not an environment; environments are ${names.join(', ')}`,
      );
    }
  }
  const soakTypes: string[] = ['staging', 'canary'];
  const stability = slo?.getOptionalConfig('stability');
  const passScore = stability?.getOptionalNumber('passScore');
  if (passScore !== undefined && !(passScore >= 0 && passScore <= 100)) {
    fail(
      'releases.slo.stability.passScore',
      `must be 0 to 100, not ${passScore}`,
    );
  }
  return {
    source: slo?.getOptionalString('source') ?? null,
    intervalMinutes: positive(slo, 'intervalMinutes', 30),
    environments:
      listed ??
      environments
        .filter(e => soakTypes.includes(e.type) || soakTypes.includes(e.name))
        .map(e => e.name),
    stability: {
      soakMinutes: positive(stability, 'soakMinutes', 24 * 60),
      intervalMinutes: positive(slo, 'intervalMinutes', 30),
      ...(passScore !== undefined ? { passScore } : {}),
    },
  };
}
