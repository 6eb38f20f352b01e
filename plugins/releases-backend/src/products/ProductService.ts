/*
 * Product releases of a catalog System: read from its product repository
 * (the `product-repo` annotation), the next one computed from the newest
 * final release of each of its components, and cut as one commit and tag
 * (cutProductRelease), pushed atomically when the repository is remote.
 * A refused or raced cut leaves no commit, tag or audit entry.
 */
import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  InvalidProductManifestError,
  RELEASES_GIT_REPO_ANNOTATION,
  RELEASES_PRODUCT_REPO_ANNOTATION,
  RELEASES_PRODUCT_TAG_PREFIX_ANNOTATION,
  bundleChangelog,
  compareSemVer,
  nextProductVersion,
  parseSemVer,
  renderProductChangelogMarkdown,
  type CutProductReleaseResponse,
  type NextProductReleaseResponse,
  type ProductChangelog,
  type ProductReleasesResponse,
  type ProductComponent,
  type ProductManifest,
  type Release,
} from '@releases-for-backstage/plugin-releases-common';
import {
  InvalidProductReleaseError,
  ProductReleaseConflictError,
  cutProductRelease,
  isRemoteLocation,
  readProductReleases,
  runGit,
  type GitRepository,
  type ProductRelease,
  type RepositoryLocator,
} from '@releases-for-backstage/plugin-releases-node';
import type { Knex } from 'knex';
import {
  releaseSourceOf,
  type EntityReleaseSource,
  type ReleaseStateService,
} from '../releases/ReleaseStateService';

/** How a System's annotations say its product releases are kept. */
export interface ProductSource {
  /** `system:default/shop` */
  systemRef: string;
  /** `shop`: the manifest's `product`. */
  name: string;
  repo: string;
  tagPrefix: string;
}

export type {
  CutProductReleaseResponse,
  NextProductReleaseResponse,
  ProductReleasesResponse,
};

/**
 * Reads a System's product repository from its annotations; a 400 naming
 * the annotation when it is missing or not allowed.
 */
export function productSourceOf(
  system: Entity,
  options: { allowLocalRepositories: boolean },
): ProductSource {
  const systemRef = stringifyEntityRef(system);
  const annotations = system.metadata.annotations ?? {};
  const repo = annotations[RELEASES_PRODUCT_REPO_ANNOTATION];
  if (!repo) {
    throw new InputError(
      `System ${systemRef} has no ${RELEASES_PRODUCT_REPO_ANNOTATION} annotation naming its product repository`,
    );
  }
  if (!isRemoteLocation(repo) && !options.allowLocalRepositories) {
    throw new InputError(
      `System ${systemRef} names a local path in ${RELEASES_PRODUCT_REPO_ANNOTATION}, which this backend does not allow (set releases.git.dangerouslyAllowLocalRepositories)`,
    );
  }
  const tagPrefix = annotations[RELEASES_PRODUCT_TAG_PREFIX_ANNOTATION] ?? 'v';
  if (!/^[\w./-]*$/.test(tagPrefix) || tagPrefix.includes('..')) {
    throw new InputError(
      `System ${systemRef} has an invalid ${RELEASES_PRODUCT_TAG_PREFIX_ANNOTATION} annotation '${tagPrefix}'`,
    );
  }
  return { systemRef, name: system.metadata.name, repo, tagPrefix };
}

/** A component of the product at its newest final release. */
interface ComponentAtRelease {
  source: EntityReleaseSource;
  name: string;
  release: Release;
  /** Its final releases, newest first. */
  finals: Release[];
}

/** Everything a cut needs, computed from one reading of the repositories. */
interface Plan {
  repo: GitRepository;
  branch: string;
  head: string | null;
  previous: ProductRelease | null;
  components: ComponentAtRelease[];
  next: ReturnType<typeof nextProductVersion>;
}

export interface ProductServiceOptions {
  db: Knex;
  locator: RepositoryLocator;
  state: ReleaseStateService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  allowLocalRepositories: boolean;
  /** Committer of the manifest and tagger (`releases.git.author`). */
  author: { name: string; email: string };
}

export class ProductService {
  constructor(private readonly options: ProductServiceOptions) {}

  async releases(source: ProductSource): Promise<ProductReleasesResponse> {
    const repo = await this.options.locator.open(source.repo);
    const { releases, skipped } = await readProductReleases(repo, {
      tagPrefix: source.tagPrefix,
    });
    return { system: source.systemRef, releases, skipped };
  }

  async next(
    source: ProductSource,
    credentials: BackstageCredentials,
  ): Promise<NextProductReleaseResponse> {
    const plan = await this.plan(source, credentials);
    const { next, previous } = plan;
    const base = {
      system: source.systemRef,
      previous: previous
        ? { version: previous.version, tag: previous.tag }
        : null,
    };
    if (next.version === null || next.manifest === null) {
      return {
        ...base,
        next: null,
        reasons: next.reasons,
        changelog: null,
        markdown: null,
      };
    }
    const changelog = this.changelog(source, plan, next.version);
    return {
      ...base,
      next: {
        version: next.version,
        bump: next.bump,
        reasons: next.reasons,
        changes: next.changes,
        manifest: next.manifest,
      },
      reasons: next.reasons,
      changelog,
      markdown: renderProductChangelogMarkdown(changelog),
    };
  }

  /**
   * Cuts the next product release, or `version` when given (the computed
   * one, or any version above the previous release). Pushes it when the
   * repository is remote; writes the audit entry once the tag is there.
   */
  async cut(input: {
    source: ProductSource;
    version?: string;
    actor: string;
  }): Promise<CutProductReleaseResponse> {
    const { source, actor } = input;
    // The plugin's own credentials: a component hidden from the person who
    // cuts must not drop out of the manifest as if it were removed.
    const plan = await this.plan(
      source,
      await this.options.auth.getOwnServiceCredentials(),
    );
    const { next, previous } = plan;
    if (next.version === null || next.manifest === null) {
      throw new ConflictError(
        previous
          ? `${source.systemRef}: no component changed since ${previous.tag}; there is nothing to release`
          : `${source.systemRef}: nothing to release`,
      );
    }
    const version = input.version ?? next.version;
    if (version !== next.version) this.checkVersion(version, previous);
    const manifest: ProductManifest = { ...next.manifest, version };

    let cut;
    try {
      cut = await cutProductRelease({
        repoPath: plan.repo.dir,
        config: plan.repo.config,
        branch: plan.branch,
        manifest,
        tagPrefix: source.tagPrefix,
        author: this.options.author,
        expectedHead: plan.head,
      });
    } catch (error) {
      throw asBackstageError(error);
    }
    if (isRemoteLocation(source.repo)) {
      await this.push(plan.repo, cut.branch, cut.tag);
    }
    const changelog = this.changelog(source, plan, version);
    await this.options.db('audit_log').insert({
      at: new Date(),
      actor,
      action: 'product-release',
      entity_ref: source.systemRef,
      environment: null,
      promotion_id: null,
      detail: `${cut.tag} of ${source.name}: ${Object.keys(manifest.components)
        .sort()
        .map(n => `${n} ${manifest.components[n].version}`)
        .join(', ')}${previous ? ` (from ${previous.tag})` : ''}`.slice(
        0,
        2000,
      ),
    });
    return {
      system: source.systemRef,
      tag: cut.tag,
      version: cut.version,
      sha: cut.commit,
      branch: cut.branch,
      previous: previous
        ? { version: previous.version, tag: previous.tag }
        : null,
      manifest,
      changelog,
      markdown: renderProductChangelogMarkdown(changelog),
      by: actor,
    };
  }

  /** A version asked for instead of the computed one: valid and above the previous release. */
  private checkVersion(version: string, previous: ProductRelease | null) {
    const parsed = parseSemVer(version);
    if (!parsed || parsed.build.length > 0) {
      throw new InputError(
        `Invalid request body: version '${version}' is not a version X.Y.Z (SemVer, without prefix and build metadata)`,
      );
    }
    if (previous && compareSemVer(version, previous.version) <= 0) {
      throw new InputError(
        `Invalid request body: version '${version}' is not above the previous product release ${previous.version} (${previous.tag})`,
      );
    }
  }

  /** The product repository, its previous release and the components now. */
  private async plan(
    source: ProductSource,
    credentials: BackstageCredentials,
  ): Promise<Plan> {
    const repo = await this.options.locator.open(source.repo);
    const { releases } = await readProductReleases(repo, {
      tagPrefix: source.tagPrefix,
    });
    const previous = releases[0] ?? null;
    const { branch, head } = await branchOf(repo);
    const components = await this.components(source, credentials);
    if (components.length === 0) {
      throw new InputError(
        `${source.systemRef} has no component with a final release: a product release lists at least one (Components with spec.system ${source.name} and the ${RELEASES_GIT_REPO_ANNOTATION} annotation)`,
      );
    }
    const versions: Record<string, ProductComponent> = {};
    for (const c of components) {
      versions[c.name] = { version: c.release.version, tag: c.release.tag };
    }
    let next;
    try {
      next = nextProductVersion({
        product: source.name,
        previous: previous
          ? { version: previous.version, manifest: previous.manifest }
          : null,
        components: versions,
      });
    } catch (error) {
      throw asBackstageError(error);
    }
    return { repo, branch, head, previous, components, next };
  }

  /**
   * The System's components that are set up for releases, each at its
   * newest final release; one without any final release is left out.
   */
  private async components(
    source: ProductSource,
    credentials: BackstageCredentials,
  ): Promise<ComponentAtRelease[]> {
    const out: ComponentAtRelease[] = [];
    // One after the other: each reads its repository with a few git processes.
    for (const entity of await this.catalogComponents(source, credentials)) {
      const componentSource = releaseSourceOf(entity, {
        allowLocalRepositories: this.options.allowLocalRepositories,
      });
      const snapshot = await this.options.state.refresh(componentSource);
      if (snapshot.error) {
        throw new ServiceUnavailableError(
          `Releases of ${componentSource.entityRef} could not be read: ${snapshot.error}`,
        );
      }
      const finals = snapshot.releases
        .filter(r => !r.prerelease)
        .sort((a, b) => compareSemVer(b.version, a.version));
      if (finals.length === 0) continue;
      const name = entity.metadata.name;
      if (out.some(c => c.name === name)) {
        throw new InputError(
          `${source.systemRef} has two components named '${name}' (${
            out.find(c => c.name === name)!.source.entityRef
          } and ${
            componentSource.entityRef
          }); a product manifest lists components by name`,
        );
      }
      out.push({ source: componentSource, name, release: finals[0], finals });
    }
    return out;
  }

  /** The System's Components set up for releases (the git-repo annotation), by name. */
  async catalogComponents(
    source: ProductSource,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.options.catalog.queryEntities(
      {
        filter: {
          kind: 'Component',
          'spec.system': [source.name, source.systemRef],
        },
        orderFields: { field: 'metadata.name', order: 'asc' },
        limit: 10000,
      },
      { credentials },
    );
    return items.filter(
      e => e.metadata.annotations?.[RELEASES_GIT_REPO_ANNOTATION],
    );
  }

  /**
   * The bundled changelog: per changed component, the changelogs of its
   * final releases after the previous product's version up to the new one.
   */
  private changelog(
    source: ProductSource,
    plan: Plan,
    version: string,
  ): ProductChangelog {
    const byName = new Map(plan.components.map(c => [c.name, c]));
    return bundleChangelog({
      product: source.name,
      from: plan.previous?.version ?? null,
      to: version,
      date: new Date().toISOString(),
      components: plan.next.changes
        .filter(c => c.change !== 'unchanged')
        .map(c => {
          const component = byName.get(c.name);
          const changelog =
            component && c.change === 'changed' && c.from && c.to
              ? component.finals
                  .filter(
                    r =>
                      compareSemVer(r.version, c.from!) > 0 &&
                      compareSemVer(r.version, c.to!) <= 0,
                  )
                  .map(r => r.changelog)
              : null;
          const url = component?.source.repoUrl;
          return {
            name: c.name,
            fromVersion: c.from,
            toVersion: c.to,
            changelog,
            ...(url ? { url } : {}),
          };
        }),
    });
  }

  /**
   * Pushes the branch and the tag in one atomic push, without force; when
   * the remote refuses, the clone is fetched back to what the remote has.
   */
  private async push(repo: GitRepository, branch: string, tag: string) {
    const git = (args: string[], okExitCodes?: number[]) =>
      runGit(args, { cwd: repo.dir, config: repo.config, okExitCodes });
    const pushed = await git(
      [
        'push',
        '--atomic',
        '--quiet',
        'origin',
        `refs/heads/${branch}:refs/heads/${branch}`,
        `refs/tags/${tag}:refs/tags/${tag}`,
      ],
      [1, 128],
    );
    if (pushed.exitCode === 0) return;
    await git(['update-ref', '-d', `refs/tags/${tag}`], [1]);
    await git([
      'fetch',
      '--quiet',
      '--prune',
      '--prune-tags',
      '--force',
      'origin',
      '+refs/heads/*:refs/heads/*',
      '+refs/tags/*:refs/tags/*',
    ]).catch(error => {
      // The next fetch of the locator brings the clone back in line.
      this.options.logger.warn(
        `Product clone not fetched back after a refused push of ${tag}: ${error}`,
      );
    });
    const why = pushed.stderr.trim().split('\n').slice(-2).join(' ');
    if (/\[rejected\]|already exists|fetch first|non-fast-forward/.test(why)) {
      throw new ConflictError(
        `Product release ${tag} on '${branch}' not pushed: the remote moved meanwhile (${why}); try again`,
      );
    }
    if (/\[remote rejected\]|declined/.test(why)) {
      throw new ConflictError(
        `Product release ${tag} on '${branch}' not pushed: the remote refused it (${why})`,
      );
    }
    throw new ServiceUnavailableError(
      `Product release ${tag} on '${branch}' could not be pushed: ${why}`,
    );
  }
}

/** The branch HEAD names (the remote's default in a clone) and its tip. */
async function branchOf(
  repo: GitRepository,
): Promise<{ branch: string; head: string | null }> {
  const git = (args: string[], okExitCodes?: number[]) =>
    runGit(args, { cwd: repo.dir, config: repo.config, okExitCodes });
  const symbolic = await git(['symbolic-ref', '--quiet', 'HEAD'], [1, 128]);
  const ref = symbolic.exitCode === 0 ? symbolic.stdout.trim() : '';
  const branch = ref.startsWith('refs/heads/')
    ? ref.slice('refs/heads/'.length)
    : 'main';
  const tip = await git(
    ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
    [1],
  );
  return { branch, head: tip.exitCode === 0 ? tip.stdout.trim() : null };
}

/** The product errors of the node package as the statuses they mean. */
function asBackstageError(error: unknown): unknown {
  if (
    error instanceof InvalidProductManifestError ||
    error instanceof InvalidProductReleaseError
  ) {
    return Object.assign(new InputError(error.message), { cause: error });
  }
  if (error instanceof ProductReleaseConflictError) {
    return Object.assign(new ConflictError(error.message), { cause: error });
  }
  return error;
}
