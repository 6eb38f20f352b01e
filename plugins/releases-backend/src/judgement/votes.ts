/*
 * Go/no-go votes. Each required role of an environment votes through the
 * members of its catalog groups; a vote counts for the version and
 * environment it was cast for only, so a promotion whose version changed
 * asks again. A no-go from a required role is a veto: the promotion waits
 * with the reason shown until that role votes go or someone aborts it.
 */
import type {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  PromotionGate,
  PromotionCheckContext,
} from '@releases-for-backstage/plugin-releases-node';
import type { Vote } from '@releases-for-backstage/plugin-releases-common';
import type { JudgementStore, StoredVote } from '../database/JudgementStore';
import type { VoteSettings } from './settings';

/** The newest counted vote per role, and what they say together. */
export function tallyVotes(
  votes: readonly StoredVote[],
  roles: readonly string[],
  target: { version: string; environment: string },
):
  | { status: 'met'; detail: string; counted: StoredVote[] }
  | { status: 'pending'; detail: string; counted: StoredVote[] } {
  const latest = new Map<string, StoredVote>();
  for (const v of votes) {
    if (v.version !== target.version || v.environment !== target.environment)
      continue;
    if (!roles.includes(v.role)) continue;
    const seen = latest.get(v.role);
    if (!seen || Number(v.id) > Number(seen.id)) latest.set(v.role, v);
  }
  const counted = roles.flatMap(r => (latest.has(r) ? [latest.get(r)!] : []));
  const vetoes = counted.filter(v => v.decision === 'no-go');
  if (vetoes.length > 0) {
    return {
      status: 'pending',
      detail: vetoes
        .map(v => `no-go from ${v.role} (${v.voter}): ${v.reason}`)
        .join('; '),
      counted,
    };
  }
  const missing = roles.filter(r => !latest.has(r));
  if (missing.length > 0) {
    return {
      status: 'pending',
      detail: `a go from ${missing.join(', ')} for ${target.version}`,
      counted,
    };
  }
  return {
    status: 'met',
    detail: `go from ${counted.map(v => `${v.role} (${v.voter})`).join(', ')}`,
    counted,
  };
}

/** Git trailers recording the votes a promotion ran with. */
export function voteTrailers(counted: readonly StoredVote[]): string[] {
  return counted.map(
    v =>
      `Vote: ${v.role} ${v.decision} ${v.voter} ${JSON.stringify(
        v.reason.replace(/\s+/g, ' '),
      )}`,
  );
}

export class VoteService {
  constructor(
    private readonly options: {
      settings: VoteSettings;
      store: JudgementStore;
      catalog: CatalogService;
      auth: AuthService;
      userInfo?: UserInfoService;
    },
  ) {}

  /** Roles whose go the environment needs (none when it takes no votes). */
  rolesFor(environment: string, settings?: { roles?: unknown }): string[] {
    const { environments, roles } = this.options.settings;
    if (!environments.includes(environment)) return [];
    const chosen = Array.isArray(settings?.roles)
      ? (settings!.roles as unknown[]).filter(
          (r): r is string => typeof r === 'string' && r in roles,
        )
      : [];
    return chosen.length > 0 ? chosen : Object.keys(roles);
  }

  groupsOf(role: string): string[] {
    return this.options.settings.roles[role] ?? [];
  }

  /**
   * The groups a user belongs to: the ownership refs of their sign-in (what
   * the sign-in resolver put in the token) and the `memberOf` relations of
   * their catalog entity, read with the plugin's own credentials.
   */
  async groupsOfUser(
    userRef: string,
    credentials?: BackstageCredentials,
  ): Promise<Set<string>> {
    const out = new Set<string>();
    if (credentials && this.options.userInfo) {
      try {
        const info = await this.options.userInfo.getUserInfo(credentials);
        for (const ref of info.ownershipEntityRefs)
          out.add(ref.toLocaleLowerCase('en-US'));
      } catch {
        // Not a user token: membership comes from the catalog alone.
      }
    }
    const entity = await this.options.catalog.getEntityByRef(userRef, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    for (const r of entity?.relations ?? []) {
      if (r.type === 'memberOf')
        out.add(r.targetRef.toLocaleLowerCase('en-US'));
    }
    return out;
  }

  /** Whether the user may vote for the role. */
  async mayVote(
    role: string,
    userRef: string,
    credentials?: BackstageCredentials,
  ): Promise<boolean> {
    const groups = this.groupsOf(role);
    if (groups.length === 0) return false;
    const mine = await this.groupsOfUser(userRef, credentials);
    return groups.some(g => mine.has(g));
  }

  /** The votes shown with a promotion: cast on it, or for its version and environment. */
  async votesOf(p: {
    id: string;
    entityRef: string;
    environment: string;
    version: string | null;
  }): Promise<Vote[]> {
    const own = await this.options.store.votesOfPromotion(p.id);
    const forTarget = p.version
      ? await this.options.store.votesFor({
          entityRef: p.entityRef,
          environment: p.environment,
          version: p.version,
        })
      : [];
    const byId = new Map<string, StoredVote>();
    for (const v of [...own, ...forTarget]) byId.set(v.id, v);
    return [...byId.values()]
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map(({ entityRef: _entityRef, ...v }) => ({
        ...v,
        void: v.version !== p.version || v.environment !== p.environment,
      }));
  }

  /** The gate on the engine's seam. */
  gate(): PromotionGate {
    return {
      id: 'votes',
      evaluate: async (context: PromotionCheckContext) => {
        if (context.rollback) return null;
        const roles = this.rolesFor(context.environment.name, context.settings);
        if (roles.length === 0) return null;
        const votes = await this.options.store.votesFor({
          entityRef: context.entityRef,
          environment: context.environment.name,
          version: context.version,
        });
        const { status, detail } = tallyVotes(votes, roles, {
          version: context.version,
          environment: context.environment.name,
        });
        return { status, detail };
      },
    };
  }

  /** Trailers for the environment commit of a promotion. */
  async trailers(p: {
    entityRef: string;
    environment: string;
    version: string | null;
    rollback: boolean;
  }): Promise<string[]> {
    if (p.rollback || !p.version) return [];
    const roles = this.rolesFor(p.environment);
    if (roles.length === 0) return [];
    const votes = await this.options.store.votesFor({
      entityRef: p.entityRef,
      environment: p.environment,
      version: p.version,
    });
    return voteTrailers(
      tallyVotes(votes, roles, {
        version: p.version,
        environment: p.environment,
      }).counted,
    );
  }
}
