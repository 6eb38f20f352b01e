import type { EnvironmentStatus } from '@releases-for-backstage/plugin-releases-common';

/** The environment the picker promotes to when it has one of this name. */
export const CANARY = 'canary';

/**
 * Where the picker's action promotes to: `canary` when the product has an
 * environment of that name, else the first of its environments whose type
 * is `prod`; undefined when it has neither.
 *
 * @param names - the product's environments, in order
 * @param types - the environments with their types, as a component sees
 *   them; only needed without a canary
 */
export function promotionTarget(
  names: readonly string[],
  types?: readonly Pick<EnvironmentStatus, 'environment' | 'type'>[],
): string | undefined {
  if (names.includes(CANARY)) return CANARY;
  const prod = new Set(
    (types ?? []).filter(t => t.type === 'prod').map(t => t.environment),
  );
  return names.find(name => prod.has(name));
}
