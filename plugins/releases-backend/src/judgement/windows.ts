/*
 * Release windows and freezes per product (the entity's System). A
 * promotion outside its product's window, or of a frozen product, waits
 * until the window opens or the freeze is lifted, unless someone with the
 * override permission started it with a reason (break glass). Rollbacks
 * never wait.
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  votingOpen,
  windowStatus,
  type WindowPolicy,
  type WindowStatus,
} from '@releases-for-backstage/plugin-releases-common';
import type { PromotionGate } from '@releases-for-backstage/plugin-releases-node';
import type { JudgementStore } from '../database/JudgementStore';

/** A break-glass override recorded on a promotion. */
export interface PromotionOverride {
  by: string;
  reason: string;
  at: string;
}

const OPEN: WindowStatus = {
  open: true,
  reason: 'no release windows apply',
  window: null,
  changesAt: null,
  opensAt: null,
  votesOpenAt: null,
  frozen: false,
};

/** The system ref of an entity (itself for a System), or null when it has none. */
export function systemOf(entity: Entity): string | null {
  if (entity.kind.toLocaleLowerCase('en-US') === 'system')
    return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const system = (entity.spec as { system?: unknown } | undefined)?.system;
  if (typeof system !== 'string' || !system) return null;
  return stringifyEntityRef(
    parseEntityRef(system, {
      defaultKind: 'system',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  ).toLocaleLowerCase('en-US');
}

export class WindowService {
  constructor(
    private readonly options: {
      windows: Record<string, WindowPolicy>;
      store: JudgementStore;
      catalog: CatalogService;
      auth: AuthService;
      overrideOf: (promotionId: string) => Promise<PromotionOverride | null>;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  async systemOfRef(entityRef: string): Promise<string | null> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    return entity ? systemOf(entity) : null;
  }

  /** Whether a promotion of the system into the environment may start now. */
  async status(
    system: string | null,
    environment: string,
  ): Promise<WindowStatus> {
    if (!system) return OPEN;
    const [freeze] = await this.options.store.freezes([system]);
    const policy = this.options.windows[system];
    if (!policy) {
      return freeze
        ? {
            ...OPEN,
            open: false,
            frozen: true,
            reason: `${system} is frozen by ${freeze.by} since ${freeze.at}: ${freeze.reason}`,
          }
        : OPEN;
    }
    return windowStatus(policy, {
      now: this.now(),
      environment,
      freeze: freeze ?? null,
    });
  }

  /** Whether votes are taken now (inside the vote lead before a window, or when no window applies). */
  votingOpen(system: string | null, environment: string): boolean {
    const policy = system ? this.options.windows[system] : undefined;
    if (!policy) return true;
    return votingOpen(policy, { now: this.now(), environment });
  }

  gate(): PromotionGate {
    return {
      id: 'window',
      evaluate: async context => {
        if (context.rollback) return null;
        const system = await this.systemOfRef(context.entityRef);
        if (!system) return null;
        const status = await this.status(system, context.environment.name);
        if (status.open) {
          return this.options.windows[system]
            ? { status: 'met' as const, detail: status.reason }
            : null;
        }
        const override = await this.options.overrideOf(context.promotionId);
        if (override) {
          return {
            status: 'met' as const,
            detail: `break glass by ${override.by}: ${override.reason} (${status.reason})`,
          };
        }
        return {
          status: 'pending' as const,
          detail: status.opensAt
            ? `${status.reason}; opens at ${status.opensAt}`
            : status.reason,
        };
      },
    };
  }
}
