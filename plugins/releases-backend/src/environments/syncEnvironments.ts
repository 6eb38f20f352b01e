import type { EnvironmentDefinition } from '@releases-for-backstage/plugin-releases-common';
import type { EnvironmentRepository } from '@releases-for-backstage/plugin-releases-node';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { PromotionStore } from '../database/PromotionStore';

/**
 * Brings the recorded state in line with the environment branches, which
 * are the truth of what is where: changes made on a branch outside the
 * portal (or before it ran) become deployment records, with their dates.
 * An environment seen for the first time gets its whole branch history,
 * so rollbacks know the earlier versions.
 */
export async function syncEnvironments(options: {
  target: { entityRef: string; component: string };
  environments: readonly EnvironmentDefinition[];
  environmentRepository: EnvironmentRepository;
  promotions: Pick<PromotionStore, 'statesOf'>;
  deployments: Pick<DeploymentStore, 'stateOf' | 'recordDeployment'>;
}): Promise<number> {
  const { target, promotions: store, deployments } = options;
  const envRepo = options.environmentRepository;
  let recorded = 0;
  for (const env of options.environments) {
    const state = await deployments.stateOf(target.entityRef, env.name);
    const history = state ? [] : await envRepo.history(env);
    const entries = state
      ? [
          {
            sha: null as string | null,
            date: null as string | null,
            entry: (await envRepo.read(env)).components[target.component],
          },
        ]
      : history.map(h => ({
          sha: h.sha,
          date: h.date,
          entry: h.file.components[target.component],
        }));
    // A promotion's own write becomes a deployment only when the promotion
    // succeeded (the engine records it); one that is running, failed or
    // was rolled back never does.
    const ids = [
      ...new Set(
        entries
          .map(e => e.entry?.promotion)
          .filter((id): id is string => Boolean(id)),
      ),
    ];
    const promotionStates =
      ids.length > 0 ? await store.statesOf(ids) : new Map();
    let last = state?.version ?? null;
    for (const { date, entry } of entries) {
      if (!entry || entry.version === last) continue;
      const by = entry.promotion
        ? promotionStates.get(entry.promotion)
        : undefined;
      if (by !== undefined && by !== 'succeeded') continue;
      const at = new Date(entry.updatedAt ?? date ?? Date.now());
      if (state && at.getTime() <= Date.parse(state.since)) continue;
      await deployments.recordDeployment({
        entityRef: target.entityRef,
        environment: env.name,
        version: entry.version,
        sha: entry.commit,
        status: 'succeeded',
        runUrl: null,
        actor: entry.updatedBy ?? 'environment-repository',
        promotionId: entry.promotion,
        at,
      });
      last = entry.version;
      recorded++;
    }
  }
  return recorded;
}
