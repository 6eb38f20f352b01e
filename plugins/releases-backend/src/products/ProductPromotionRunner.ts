/*
 * How the engine runs the components of a product promotion together:
 * each component is an ordinary promotion with its own gates, but none
 * executes before all are approved, one commit records them all, none
 * succeeds before all are verified, and a failure of one after the commit
 * puts every component back with one revert commit.
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  environmentBranch,
  type PromotionState,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  ComponentDeployment,
  JsonObject,
} from '@releases-for-backstage/plugin-releases-node';
import type {
  ProductPromotionStore,
  StoredProductPromotion,
} from '../database/ProductPromotionStore';
import type { StoredPromotion } from '../database/PromotionStore';
import type { PromotionService } from '../promotions/PromotionService';
import { overall } from '../promotions/checks';

/** What the product asks of one of its components before its next step. */
export type ProductDirective =
  | { kind: 'continue' }
  | { kind: 'abort'; reason: string }
  | { kind: 'undo'; reason: string; commit: string };

const BEFORE_WRITE: PromotionState[] = [
  'requested',
  'waiting-for-gates',
  'approved',
];
const STOPPED: PromotionState[] = ['rejected', 'aborted', 'failed'];
const UNDOING: PromotionState[] = ['rolling-back', 'rolled-back', 'failed'];

function nameOf(entityRef: string): string {
  return parseEntityRef(entityRef).name;
}

export class ProductPromotionRunner {
  constructor(
    private readonly options: {
      store: ProductPromotionStore;
      service: PromotionService;
      auth: AuthService;
      author: { name: string; email: string };
    },
  ) {}

  private async load(p: StoredPromotion): Promise<{
    product: StoredProductPromotion;
    members: StoredPromotion[];
  }> {
    const product = await this.options.store.get(p.productPromotionId!);
    if (!product) {
      throw new Error(
        `Product promotion ${p.productPromotionId} of promotion ${p.id} not found`,
      );
    }
    return { product, members: await this.options.store.members(product.id) };
  }

  /**
   * Reads the product and its components: a component that stopped before
   * the commit stops the others; one that is undoing after it undoes them.
   */
  async directive(p: StoredPromotion): Promise<ProductDirective> {
    const { store } = this.options;
    let { product, members } = await this.load(p);
    if (product.state === 'active') {
      const others = members.filter(m => m.id !== p.id);
      if (product.commit === null) {
        const stopped = others.find(m => STOPPED.includes(m.state));
        if (stopped) {
          await store.move(
            product.id,
            'active',
            'stopped',
            `${nameOf(stopped.entityRef)} ${stopped.state}${
              stopped.reason ? `: ${stopped.reason}` : ''
            }`,
          );
        }
      } else {
        const undoing = others.find(m => UNDOING.includes(m.state));
        if (undoing) {
          await store.move(
            product.id,
            'active',
            'rolling-back',
            `${nameOf(undoing.entityRef)} ${
              undoing.state === 'failed' ? 'failed' : 'is rolled back'
            }${undoing.reason ? `: ${undoing.reason}` : ''}`,
          );
        }
      }
      ({ product, members } = await this.load(p));
    }
    if (product.state === 'stopped' && BEFORE_WRITE.includes(p.state)) {
      return {
        kind: 'abort',
        reason: `product promotion ${product.tag} to ${product.environment} stopped: ${product.reason}`,
      };
    }
    if (
      product.state === 'rolling-back' &&
      product.commit &&
      (p.state === 'approved' ||
        p.state === 'executing' ||
        p.state === 'verifying')
    ) {
      return {
        kind: 'undo',
        reason: `product promotion ${product.tag} to ${product.environment} is rolled back: ${product.reason}`,
        commit: product.commit,
      };
    }
    return { kind: 'continue' };
  }

  /** True when every component passed its gates: none executes before. */
  async allApproved(p: StoredPromotion): Promise<boolean> {
    const { product, members } = await this.load(p);
    if (product.commit) return true;
    return members.every(m =>
      ['approved', 'executing', 'verifying'].includes(m.state),
    );
  }

  /** True when every component is verified (or already succeeded). */
  async allVerified(p: StoredPromotion): Promise<boolean> {
    const { members } = await this.load(p);
    return members.every(
      m =>
        m.id === p.id ||
        m.state === 'succeeded' ||
        (m.state === 'verifying' && overall(m.verification) === 'met'),
    );
  }

  /**
   * Tags every component (idempotent) and records them all in one commit
   * of the environment branch; the commit is kept so every component gets
   * the same handle. Refuses when the product stopped meanwhile.
   */
  async write(
    p: StoredPromotion,
    tag: (member: StoredPromotion) => Promise<void>,
  ): Promise<JsonObject> {
    const { product, members } = await this.load(p);
    const env = this.options.service.environment(product.environment);
    const handle = (commit: string) => ({
      commit,
      branch: environmentBranch(env.name),
      productPromotion: product.id,
    });
    if (product.commit) return handle(product.commit);
    if (product.state !== 'active') {
      throw new Error(
        `product promotion ${product.tag} stopped: ${product.reason}`,
      );
    }
    const waiting = members.find(
      m => !['approved', 'executing'].includes(m.state),
    );
    if (waiting) {
      throw new Error(
        `${nameOf(waiting.entityRef)} is ${
          waiting.state
        }, not approved; nothing was written`,
      );
    }
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const targets = [];
    for (const m of members) {
      await tag(m);
      targets.push({
        member: m,
        target: await this.options.service.target(m.entityRef, credentials),
      });
    }
    const envRepo = await this.options.service.environmentRepository(
      targets[0].target.environmentRepo,
    );
    const now = new Date().toISOString();
    const deployments: Record<string, ComponentDeployment> = {};
    for (const { member, target } of targets) {
      deployments[target.component] = {
        version: member.version!,
        commit: member.sha,
        appRepo: target.repo,
        updatedAt: now,
        updatedBy: member.createdBy,
        promotion: member.id,
        ...(typeof member.schema?.runs === 'number'
          ? { schema: member.schema.runs }
          : {}),
      };
    }
    const lines = targets.map(
      ({ member, target }) =>
        `${target.component} ${member.version}${
          member.previousVersion ? ` (was ${member.previousVersion})` : ''
        }`,
    );
    const written = await envRepo.writeDeployments({
      env,
      deployments,
      promotionId: product.id,
      message: `promote(${nameOf(product.systemRef)}): ${product.tag} to ${
        env.name
      }\n\n${lines.join('\n')}\n\nProduct-Promotion-Id: ${product.id}\n${targets
        .map(t => `Promotion-Id: ${t.member.id}\n`)
        .join('')}Actor: ${product.createdBy}\n`,
      author: this.options.author,
    });
    await this.options.store.setCommit(product.id, 'commit', written.sha);
    return {
      ...handle(written.sha),
      ...(written.pullRequestUrl
        ? { pullRequestUrl: written.pullRequestUrl }
        : {}),
    };
  }

  /** Marks the product as rolling back when one of its components starts undoing. */
  async rollingBack(p: StoredPromotion, reason: string): Promise<void> {
    const { product } = await this.load(p);
    if (product.commit && product.state === 'active') {
      await this.options.store.move(
        product.id,
        'active',
        'rolling-back',
        `${nameOf(p.entityRef)}: ${reason}`,
      );
    }
  }

  /**
   * Puts every component back as the commit's parent had it, in one revert
   * commit (idempotent: a second component finds it done).
   */
  async revert(p: StoredPromotion, reason: string): Promise<JsonObject> {
    const { product, members } = await this.load(p);
    if (!product.commit) return { commit: null };
    if (product.revertCommit) return { commit: product.revertCommit };
    const env = this.options.service.environment(product.environment);
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const target = await this.options.service.target(p.entityRef, credentials);
    const envRepo = await this.options.service.environmentRepository(
      target.environmentRepo,
    );
    const before = await envRepo.readAt(`${product.commit}^`, env);
    const previous: Record<string, ComponentDeployment | null> = {};
    for (const m of members) {
      const name = nameOf(m.entityRef);
      previous[name] = before?.components[name] ?? null;
    }
    const reverted = await envRepo.revertDeployments({
      env,
      previous,
      promotionId: product.id,
      message: `Revert "promote(${nameOf(product.systemRef)}): ${
        product.tag
      } to ${env.name}"\n\nThis reverts commit ${
        product.commit
      }.\n\n${reason}\n\nProduct-Promotion-Id: ${product.id}\n`,
      author: this.options.author,
    });
    await this.options.store.setCommit(
      product.id,
      'revert_commit',
      reverted.sha,
    );
    return { commit: reverted.sha };
  }
}
