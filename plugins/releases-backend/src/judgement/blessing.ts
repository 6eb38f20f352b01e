/*
 * Blessed releases: a release from the main line that went through an
 * environment taking votes with every required gate met (its results
 * passed, every role voted go) is blessed, and rollbacks aim for it. A
 * person may un-bless a release, which stops its further promotion.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  WIP_VERSION,
  type PromotionGate as GateState,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  PromotionGate,
  RepositoryLocator,
} from '@releases-for-backstage/plugin-releases-node';
import type { JudgementStore } from '../database/JudgementStore';
import type { StoredPromotion } from '../database/PromotionStore';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';
import { RiskService } from './RiskService';
import type { VoteService } from './votes';

export class BlessingService {
  constructor(
    private readonly options: {
      store: JudgementStore;
      votes: VoteService;
      locator: RepositoryLocator;
      sourceOf: (entityRef: string) => Promise<EntityReleaseSource>;
      logger: LoggerService;
    },
  ) {}

  /** Refuses the further promotion of an un-blessed release. */
  gate(): PromotionGate {
    return {
      id: 'blessing',
      evaluate: async context => {
        if (context.rollback || context.version === WIP_VERSION) return null;
        const source = await this.options.sourceOf(context.entityRef);
        const version = RiskService.versionOf(source, context.version);
        const [b] = await this.options.store.blessings(context.entityRef, [
          version,
        ]);
        if (!b || b.blessed) return null;
        return {
          status: 'failed' as const,
          detail: `${version} was un-blessed by ${b.by}: ${b.reason}`,
        };
      },
    };
  }

  /** Blesses a release when its promotion into a voting environment succeeded. */
  async onChange(p: StoredPromotion): Promise<void> {
    if (p.state !== 'succeeded' || p.rollback || !p.version) return;
    if (p.version === WIP_VERSION) return;
    const gates: GateState[] = p.gates;
    const votes = gates.find(g => g.id === 'votes');
    if (!votes || votes.status !== 'met') return;
    if (gates.some(g => g.required && g.status !== 'met')) return;
    try {
      const source = await this.options.sourceOf(p.entityRef);
      const repo = await this.options.locator.open(source.repo);
      // From the main line: the tag's commits are all on the head's history.
      const off = await repo.log({ include: [p.version], exclude: ['HEAD'] });
      if (off.length > 0) return;
      await this.options.store.setBlessing({
        entityRef: p.entityRef,
        version: RiskService.versionOf(source, p.version),
        blessed: true,
        reason: `promoted to ${p.environment} by promotion ${p.id}: ${votes.detail}`,
        by: 'releases:engine',
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not bless ${p.entityRef} ${p.version}: ${
          (error as Error).message
        }`,
      );
    }
  }
}
