/*
 * Configuration of pipeline traces: the stages an environment requires
 * before a version enters it (`releases.pipelines.requiredStages`) and the
 * chart version's template (`releases.artifacts.chartVersion`). Read once
 * at start; a mistake stops the backend with the key named.
 */
import type { Config } from '@backstage/config';
import { renderArtifactVersion } from '@releases-for-backstage/plugin-releases-common';

/** A stage name as pipelines report it. */
export const STAGE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export interface PipelineSettings {
  /** Environment name -> stages that must have succeeded. */
  requiredStages: Record<string, string[]>;
  /** E.g. `<module>-<major>-<minor>-<patch>-<sha>`; null without one. */
  chartVersion: string | null;
}

function fail(key: string, message: string): never {
  throw new Error(`${key}: ${message}`);
}

/** Reads the settings; `environments` are the names the portal has. */
export function readPipelineSettings(
  config: Config,
  environments: readonly string[],
): PipelineSettings {
  const required = config.getOptionalConfig(
    'releases.pipelines.requiredStages',
  );
  const requiredStages: Record<string, string[]> = {};
  for (const name of required?.keys() ?? []) {
    const key = `releases.pipelines.requiredStages.${name}`;
    if (!environments.includes(name)) {
      fail(
        key,
        `'${name}' is not an environment; environments are ${environments.join(
          ', ',
        )}`,
      );
    }
    const stages = required!.getStringArray(name);
    stages.forEach((stage, i) => {
      if (!STAGE_NAME.test(stage)) {
        fail(
          `${key}[${i}]`,
          `'${stage}' is not a stage name (lower-case a-z, 0-9 and -, starting with a letter)`,
        );
      }
    });
    if (stages.length > 0) requiredStages[name] = [...new Set(stages)];
  }
  const chartVersion =
    config.getOptionalString('releases.artifacts.chartVersion') ?? null;
  if (chartVersion !== null) {
    try {
      // Any placeholder it does not know fails here, at start, not on a read.
      renderArtifactVersion(chartVersion, {
        module: 'module',
        version: '1.0.0',
        sha: '0000000',
      });
    } catch (error) {
      fail('releases.artifacts.chartVersion', (error as Error).message);
    }
  }
  return { requiredStages, chartVersion };
}
