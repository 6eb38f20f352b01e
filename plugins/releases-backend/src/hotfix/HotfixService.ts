/*
 * Hotfixes: a fix of the main line cherry-picked onto the branch of a
 * release (cutHotfix), the patch tag pushed when the repository is remote,
 * its promotion proposed to the first production environment, and the
 * rest of production following once that one succeeded. A request that
 * names no target takes it from the `hotfix-to/<tag>` label of the fix's
 * pull/merge request (hotfixLabel).
 */
import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  parseReleaseTag,
  type EnvironmentDefinition,
  type Hotfix,
} from '@releases-for-backstage/plugin-releases-common';
import {
  GitRepository,
  cutHotfix,
  fixesNotOnMain,
  groupCommitsIntoChanges,
  isRemoteLocation,
  runGit,
  type CutHotfixResult,
  type RepositoryLocator,
} from '@releases-for-backstage/plugin-releases-node';
import type { StoredPromotion } from '../database/promotionRows';
import type { PromotionService } from '../promotions/PromotionService';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';
import type { HotfixStore, StoredHotfix } from './HotfixStore';
import {
  targetFromLabel,
  type HotfixLabelSource,
  type LabelledTarget,
} from './hotfixLabel';

/** The fix a request names, resolved on the main line. */
export interface ResolvedFix {
  /** Commits to cherry-pick, oldest first (merges left out). */
  shas: string[];
  /** The pull request's title or the commit's subject. */
  subject: string;
  /**
   * The commit the hosted SCM is asked about for the fix's pull request:
   * the commit itself, or the newest of the pull request's (its merge).
   */
  headSha: string;
}

export interface HotfixServiceOptions {
  store: HotfixStore;
  promotions: PromotionService;
  locator: RepositoryLocator;
  auth: AuthService;
  logger: LoggerService;
  /** Committer of the cherry-picks and tagger of the patch (`releases.author`). */
  author: { name: string; email: string };
}

export class HotfixService {
  private kick: () => void = () => {};
  private scm: HotfixLabelSource | undefined;

  constructor(private readonly options: HotfixServiceOptions) {}

  /**
   * How a promotion proposed outside a request (the next production
   * environment, from `onChange`) gets run now rather than on the next
   * scheduled pass; the router sets it, since the scheduler is its.
   */
  startPromotionsWith(kick: () => void): void {
    this.kick = kick;
  }

  /**
   * Where a request without a target reads it from: the pull/merge
   * requests of the hosted SCM. Without it such a request is refused.
   */
  readTargetsWith(scm: HotfixLabelSource): void {
    this.scm = scm;
  }

  /** The production environments, in promotion order (canary, prod by default). */
  private prodEnvironments(): EnvironmentDefinition[] {
    return this.options.promotions.environments.filter(e => e.type === 'prod');
  }

  /**
   * The commits of a change of the main line (`HEAD` of the repository as
   * the locator opens it): a commit sha, or `#12` for the commits the pull
   * request brought in. Throws InputError when the main line has no such
   * change, before anything is written.
   */
  async resolveFix(
    source: EntityReleaseSource,
    change: string,
  ): Promise<ResolvedFix> {
    const repo = await this.options.locator.open(source.repo);
    if (change.startsWith('#')) {
      const commits = await repo.log({ include: ['HEAD'] });
      const found = groupCommitsIntoChanges(commits).find(c => c.id === change);
      if (!found) {
        throw new InputError(
          `Invalid request body: change ${change} is not on the main line of ${source.entityRef}`,
        );
      }
      // A merge's own commit brings nothing the picks of its commits do not.
      const bySha = new Map(commits.map(c => [c.sha, c]));
      const shas = found.commits
        .filter(s => (bySha.get(s)?.parents.length ?? 0) <= 1)
        .reverse();
      return { shas, subject: found.title, headSha: found.commits[0] };
    }
    const notOnMain = new InputError(
      `Invalid request body: change ${change} is not a commit of the main line of ${source.entityRef}`,
    );
    const sha = await repo.resolveCommit(change).catch(() => {
      throw notOnMain;
    });
    const git = (args: string[], okExitCodes?: number[]) =>
      runGit(args, { cwd: repo.dir, config: repo.config, okExitCodes });
    const onMain = await git(['merge-base', '--is-ancestor', sha, 'HEAD'], [1]);
    if (onMain.exitCode !== 0) throw notOnMain;
    const { stdout } = await git(['log', '-1', '--format=%s', sha]);
    return { shas: [sha], subject: stdout.trim(), headSha: sha };
  }

  /**
   * Cuts the hotfix, pushes it when the repository is remote, proposes the
   * patch to the first production environment and stores the hotfix. A
   * failure before the push leaves the repository as it was (cutHotfix);
   * a refused push restores the local clone from its remote. Without a
   * target, the hosted SCM is asked for the fix's `hotfix-to/<tag>` label
   * before anything is written; with one, it is not asked.
   */
  async create(input: {
    source: EntityReleaseSource;
    change: string;
    target?: string;
    actor: string;
    credentials: BackstageCredentials;
  }): Promise<Hotfix> {
    const { source, actor } = input;
    let target = input.target;
    if (target !== undefined) this.checkTarget(source, target);
    const fix = await this.resolveFix(source, input.change);
    let labelled: LabelledTarget | undefined;
    if (target === undefined) {
      labelled = await targetFromLabel(
        this.scm,
        source,
        input.change,
        fix.headSha,
      );
      this.checkTarget(source, labelled.target, labelled);
      target = labelled.target;
    }
    const repo = await this.options.locator.open(source.repo);
    const cut = await cutHotfix({
      repoPath: repo.dir,
      config: repo.config,
      fixShas: fix.shas,
      target,
      tagPrefix: source.tagPrefix,
      preset: source.preset as Parameters<typeof cutHotfix>[0]['preset'],
      author: this.options.author,
      repoUrl: source.repoUrl,
    });
    if (isRemoteLocation(source.repo)) await this.push(repo, cut);

    const reason = `hotfix of ${target}: ${fix.subject}`;
    const promotionId = await this.propose(
      source.entityRef,
      this.prodEnvironments()[0],
      cut.tag,
      { reason, actor, credentials: input.credentials },
    );
    const stored = await this.options.store.add(
      {
        entityRef: source.entityRef,
        fixSha: fix.shas[fix.shas.length - 1],
        target,
        branch: cut.branch,
        sha: cut.sha,
        tag: cut.tag,
        promotionId,
        by: actor,
      },
      `${cut.tag} on ${cut.branch}: ${reason}${
        labelled
          ? ` (target from the label ${labelled.label} of ${labelled.request})`
          : ''
      }`,
    );
    return { ...stored, notOnMain: false };
  }

  /** Refuses a target that is no final release tag of the component. */
  private checkTarget(
    source: EntityReleaseSource,
    target: string,
    labelled?: LabelledTarget,
  ): void {
    const parsed = parseReleaseTag(target, source.tagPrefix);
    if (parsed && !parsed.isPrerelease) return;
    const named = labelled
      ? `the label ${labelled.label} of pull request ${labelled.request}`
      : `target '${target}'`;
    throw new InputError(
      `Invalid request body: ${named} is not a final release tag of ${
        source.entityRef
      } (such as ${source.tagPrefix}1.4.0)${
        labelled ? '; fix the label or name the target' : ''
      }`,
    );
  }

  /** The entity's hotfixes, newest first, each with whether main lacks its fix. */
  async list(source: EntityReleaseSource): Promise<Hotfix[]> {
    const stored = await this.options.store.list(source.entityRef);
    if (stored.length === 0) return [];
    const repo = await this.options.locator.open(source.repo);
    // One after the other: each runs a few git processes.
    const out: Hotfix[] = [];
    for (const h of stored) out.push(await this.withNotOnMain(repo, h));
    return out;
  }

  private async withNotOnMain(
    repo: GitRepository,
    hotfix: StoredHotfix,
  ): Promise<Hotfix> {
    try {
      const missing = await fixesNotOnMain(repo.dir, {
        branch: hotfix.sha,
        mainRef: 'HEAD',
        base: (await repo.tagCommit(hotfix.target)) ? hotfix.target : undefined,
        config: repo.config,
      });
      return { ...hotfix, notOnMain: missing.some(m => m.sha === hotfix.sha) };
    } catch (error) {
      // A commit gone from the repository (a force-push): nothing shows it on main.
      this.options.logger.warn(
        `Whether main has the fix of hotfix ${hotfix.tag} of ${
          hotfix.entityRef
        } could not be read: ${(error as Error).message}`,
      );
      return { ...hotfix, notOnMain: true };
    }
  }

  /**
   * Pushes the branch and the tag in one atomic push, without force. When
   * the remote refuses, the clone is fetched back to what the remote has,
   * so the patch tag does not linger in the cache.
   */
  private async push(repo: GitRepository, cut: CutHotfixResult) {
    const git = (args: string[], okExitCodes?: number[]) =>
      runGit(args, { cwd: repo.dir, config: repo.config, okExitCodes });
    const pushed = await git(
      [
        'push',
        '--atomic',
        '--quiet',
        'origin',
        `refs/heads/${cut.branch}:refs/heads/${cut.branch}`,
        `refs/tags/${cut.tag}:refs/tags/${cut.tag}`,
      ],
      [1, 128],
    );
    if (pushed.exitCode === 0) return;
    await git(['update-ref', '-d', `refs/tags/${cut.tag}`], [1]);
    await git([
      'fetch',
      '--quiet',
      '--prune',
      '--prune-tags',
      '--force',
      'origin',
      '+refs/heads/*:refs/heads/*',
      '+refs/tags/*:refs/tags/*',
    ]).catch(() => {
      // The next fetch of the locator brings the clone back in line.
    });
    const why = pushed.stderr.trim().split('\n').slice(-2).join(' ');
    if (/\[rejected\]|already exists|fetch first|non-fast-forward/.test(why)) {
      throw new ConflictError(
        `Hotfix ${cut.tag} on '${cut.branch}' not pushed: the remote moved meanwhile (${why}); try again`,
      );
    }
    if (/\[remote rejected\]|declined/.test(why)) {
      throw new ConflictError(
        `Hotfix ${cut.tag} on '${cut.branch}' not pushed: the remote refused it (${why})`,
      );
    }
    throw new ServiceUnavailableError(
      `Hotfix ${cut.tag} on '${cut.branch}' could not be pushed: ${why}`,
    );
  }

  /**
   * Proposes `tag` to `env`; the id, or null when there is no production
   * environment or the promotion cannot be proposed (the entity has no
   * environment repository, another promotion is active there): the tag
   * stays, and a person promotes it.
   */
  private async propose(
    entityRef: string,
    env: EnvironmentDefinition | undefined,
    tag: string,
    options: {
      reason: string;
      actor: string;
      credentials: BackstageCredentials;
      idempotencyKey?: string;
    },
  ): Promise<string | null> {
    if (!env) return null;
    try {
      const { promotion } = await this.options.promotions.create(
        {
          entityRef,
          environment: env.name,
          version: tag,
          reason: options.reason,
          idempotencyKey: options.idempotencyKey,
        },
        options.actor,
        options.credentials,
      );
      return promotion.id;
    } catch (error) {
      this.options.logger.warn(
        `Hotfix ${tag} of ${entityRef}: no promotion to ${env.name} proposed: ${
          (error as Error).message
        }`,
      );
      return null;
    }
  }

  /**
   * After a hotfix tag's promotion to a production environment succeeded,
   * proposes it to the next one (canary, then prod), as the same requester.
   * The idempotency key makes a repeated change propose it once.
   */
  async onChange(p: StoredPromotion): Promise<void> {
    if (p.state !== 'succeeded' || p.rollback || !p.version) return;
    const prod = this.prodEnvironments();
    const at = prod.findIndex(e => e.name === p.environment);
    const next = at >= 0 ? prod[at + 1] : undefined;
    if (!next) return;
    const hotfix = await this.options.store.byTag(p.entityRef, p.version);
    if (!hotfix) return;
    const id = await this.propose(p.entityRef, next, hotfix.tag, {
      reason: `hotfix of ${hotfix.target} (${hotfix.tag}); ${p.environment} succeeded (promotion ${p.id})`,
      actor: p.createdBy,
      credentials: await this.options.auth.getOwnServiceCredentials(),
      idempotencyKey: `hotfix:${next.name}:${p.id}`,
    });
    if (id) this.kick();
  }
}
