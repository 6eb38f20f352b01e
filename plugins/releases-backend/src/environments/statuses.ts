import type {
  EnvironmentDefinition,
  EnvironmentStatus,
} from '@releases-for-backstage/plugin-releases-common';
import type { DeploymentStore } from '../database/DeploymentStore';

/**
 * The one builder of EnvironmentStatus: each entity's cell per environment,
 * from the stored current state (empty cells for environments it never ran in).
 */
export async function environmentStatuses(
  store: DeploymentStore,
  environments: readonly EnvironmentDefinition[],
  refs: string[],
): Promise<Map<string, Record<string, EnvironmentStatus>>> {
  const states = await store.environmentStates(refs);
  const out = new Map<string, Record<string, EnvironmentStatus>>();
  for (const ref of refs) {
    const cells: Record<string, EnvironmentStatus> = {};
    for (const env of environments) {
      const s = states.get(ref)?.get(env.name);
      cells[env.name] = {
        environment: env.name,
        type: env.type,
        description: env.description ?? null,
        version: s?.version ?? null,
        sha: s?.sha ?? null,
        since: s?.since ?? null,
        by: s?.by ?? null,
        status: s?.status ?? null,
        runUrl: s?.runUrl ?? null,
        promotionId: s?.promotionId ?? null,
      };
    }
    out.set(ref, cells);
  }
  return out;
}
