/*
 * Environments: ordered stages a version moves through. Each lives on a
 * branch `environment/<name>` of the product's environment repository.
 */
import { isValidRefName } from '../refs';
import { ReleasesError } from '../errors';

/** Kind of an environment; environments of one type share version rules. */
export type EnvironmentType = 'dev' | 'qa' | 'staging' | 'prod';

export const ENVIRONMENT_TYPES: readonly EnvironmentType[] = [
  'dev',
  'qa',
  'staging',
  'prod',
];

export interface EnvironmentDefinition {
  name: string;
  type: EnvironmentType;
  description?: string;
}

/** The default stages: dev -> qa -> staging -> canary -> prod. */
export const DEFAULT_ENVIRONMENTS: readonly EnvironmentDefinition[] = [
  {
    name: 'dev',
    type: 'dev',
    description: 'Branch heads, rebuilt on every merge',
  },
  { name: 'qa', type: 'qa', description: 'Release candidates under test' },
  {
    name: 'staging',
    type: 'staging',
    description: 'Candidates soaking before production',
  },
  {
    name: 'canary',
    type: 'prod',
    description: 'A slice of production traffic',
  },
  { name: 'prod', type: 'prod', description: 'Production' },
];

/** The environment list is invalid (duplicate, bad name or type). */
export class InvalidEnvironmentError extends ReleasesError {}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Branch of the environment repository that holds an environment. */
export function environmentBranch(name: string): string {
  return `environment/${name}`;
}

/** Checks an ordered environment list; throws naming the first problem. */
export function validateEnvironments(
  environments: readonly EnvironmentDefinition[],
): EnvironmentDefinition[] {
  if (environments.length === 0) {
    throw new InvalidEnvironmentError('At least one environment is required');
  }
  const seen = new Set<string>();
  for (const env of environments) {
    if (!NAME.test(env.name) || !isValidRefName(environmentBranch(env.name))) {
      throw new InvalidEnvironmentError(
        `Environment name '${env.name}' must be lower-case letters, digits and hyphens`,
      );
    }
    if (!ENVIRONMENT_TYPES.includes(env.type)) {
      throw new InvalidEnvironmentError(
        `Environment '${env.name}' has unknown type '${
          env.type
        }' (expected ${ENVIRONMENT_TYPES.join(', ')})`,
      );
    }
    if (seen.has(env.name)) {
      throw new InvalidEnvironmentError(
        `Environment '${env.name}' is listed twice`,
      );
    }
    seen.add(env.name);
  }
  return [...environments];
}

/** The environment before `name` in the order, or undefined for the first. */
export function previousEnvironment(
  environments: readonly EnvironmentDefinition[],
  name: string,
): EnvironmentDefinition | undefined {
  const i = environments.findIndex(e => e.name === name);
  return i > 0 ? environments[i - 1] : undefined;
}
