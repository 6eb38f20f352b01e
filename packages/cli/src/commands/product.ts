/*
 * `releases product next-version | changelog | tag`: product releases on
 * local Git repositories, for pipelines that tag the product on every
 * merge to main.
 */
import { resolve } from 'node:path';
import {
  bundleChangelog,
  compareSemVer,
  InvalidProductManifestError,
  parseSemVer,
  renderProductChangelogMarkdown,
  validateProductManifest,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  ProductChangelog,
  ProductManifest,
} from '@releases-for-backstage/plugin-releases-common';
import {
  readUnreleased,
  runGit,
} from '@releases-for-backstage/plugin-releases-node/git';
import {
  cutProductRelease,
  ProductReleaseError,
  InvalidProductReleaseError,
} from '@releases-for-backstage/plugin-releases-node/products';
import { UsageError } from '../errors';
import { ProductOptions, ProductPlan, readProductPlan } from './productPlan';

export type { ProductOptions } from './productPlan';

export async function productNextVersionCommand(
  opts: ProductOptions,
): Promise<number> {
  const plan = await readProductPlan(opts);
  const { next } = plan;
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({
        product: plan.product,
        current: plan.previous?.version ?? null,
        currentTag: plan.previous?.tag ?? null,
        next: next.version,
        nextTag:
          next.version === null ? null : `${opts.tagPrefix}${next.version}`,
        bump: next.bump,
        reasons: next.reasons,
        changes: next.changes,
        manifest: next.manifest,
      })}\n`,
    );
  } else if (next.version) {
    process.stdout.write(`${next.version}\n`);
    for (const reason of next.reasons) process.stderr.write(`  ${reason}\n`);
  } else {
    process.stderr.write(
      `No component changed since ${
        plan.previous?.tag ?? 'the last release'
      }\n`,
    );
  }
  return 0;
}

/**
 * The bundled changelog of `version`: per changed component, its changelog
 * between its two versions, read as `releases changelog --from --to` reads it.
 */
async function productChangelog(
  plan: ProductPlan,
  opts: ProductOptions,
  version: string,
): Promise<ProductChangelog> {
  const byName = new Map(plan.components.map(c => [c.name, c]));
  const previous = plan.previous?.manifest.components ?? {};
  const components = [];
  for (const change of plan.next.changes) {
    if (change.change === 'unchanged') continue;
    const component = byName.get(change.name);
    let changelog = null;
    if (component && change.change === 'changed') {
      const state = await readUnreleased(component.repo, {
        from: previous[change.name].tag,
        to: component.tag,
        preset: opts.preset,
        tagPrefix: component.prefix,
      });
      changelog = state.changelog;
    }
    components.push({
      name: change.name,
      fromVersion: change.from,
      toVersion: change.to,
      changelog,
    });
  }
  return bundleChangelog({
    product: plan.product,
    from: plan.previous?.version ?? null,
    to: version,
    date: new Date().toISOString(),
    components,
  });
}

export async function productChangelogCommand(
  opts: ProductOptions & { format: 'markdown' | 'json' },
): Promise<number> {
  const plan = await readProductPlan(opts);
  if (plan.next.version === null) {
    process.stderr.write(
      `No component changed since ${plan.previous?.tag}: no changelog\n`,
    );
    if (opts.format === 'json') process.stdout.write('null\n');
    return 0;
  }
  const changelog = await productChangelog(plan, opts, plan.next.version);
  if (opts.format === 'json') {
    process.stdout.write(`${JSON.stringify(changelog, null, 2)}\n`);
  } else {
    process.stdout.write(renderProductChangelogMarkdown(changelog));
  }
  return 0;
}

export interface ProductTagOptions extends ProductOptions {
  version?: string;
  message?: string;
  dryRun?: boolean;
  expectedHead?: string;
  author?: string;
}

/** The version to tag: the computed one, or `--version` when not below it. */
function chooseVersion(plan: ProductPlan, wanted: string | undefined): string {
  const computed = plan.next.version!;
  if (wanted === undefined) return computed;
  const v = parseSemVer(wanted);
  if (!v || v.build.length > 0) {
    throw new UsageError(
      `--version '${wanted}' is not a semantic version X.Y.Z (no prefix, no build metadata)`,
    );
  }
  if (compareSemVer(wanted, computed) < 0) {
    throw new UsageError(
      `--version ${wanted} is below ${computed}, the version the components ask for (${plan.next.reasons.join(
        '; ',
      )})`,
    );
  }
  return wanted;
}

const IDENT = /^\s*([^<>]+?)\s*<([^<>\s]+)>\s*$/;

async function identity(
  plan: ProductPlan,
  author: string | undefined,
): Promise<{ name: string; email: string }> {
  if (author !== undefined) {
    const m = IDENT.exec(author);
    if (!m) {
      throw new UsageError(`--author '${author}' must be 'Name <email>'`);
    }
    return { name: m[1], email: m[2] };
  }
  // As `git commit` would: the committer from the environment, else the config.
  const read = async (key: string) => {
    const { stdout, exitCode } = await runGit(['config', '--get', key], {
      cwd: plan.repo.dir,
      config: plan.repo.config,
      okExitCodes: [1],
    });
    return exitCode === 0 ? stdout.trim() : '';
  };
  const name = process.env.GIT_COMMITTER_NAME || (await read('user.name'));
  const email = process.env.GIT_COMMITTER_EMAIL || (await read('user.email'));
  if (!name || !email) {
    throw new UsageError(
      `no identity to commit and tag with: set user.name and user.email in ${plan.repo.dir}, or pass --author 'Name <email>'`,
    );
  }
  return { name, email };
}

/** Where the product repository's release goes: its current branch and tip. */
async function currentBranch(plan: ProductPlan) {
  const git = (args: string[], okExitCodes?: number[]) =>
    runGit(args, {
      cwd: plan.repo.dir,
      config: plan.repo.config,
      okExitCodes,
    });
  const bare =
    (await git(['rev-parse', '--is-bare-repository'])).stdout.trim() === 'true';
  const ref = await git(['symbolic-ref', '--quiet', 'HEAD'], [1]);
  if (ref.exitCode !== 0 || !ref.stdout.trim().startsWith('refs/heads/')) {
    throw new UsageError(
      `--repo ${plan.repo.dir}: HEAD is detached; check out the branch the product is released from`,
    );
  }
  const branch = ref.stdout.trim().slice('refs/heads/'.length);
  const tip = await git(['rev-parse', '--verify', '--quiet', 'HEAD'], [1]);
  const head = tip.exitCode === 0 ? tip.stdout.trim() : null;
  return { bare, branch, head, git };
}

class RefusedError extends Error {}

export async function productTagCommand(
  opts: ProductTagOptions,
): Promise<number> {
  try {
    return await productTag(opts);
  } catch (error) {
    // Refusals that are not bad input: a tag that exists, a branch that
    // moved, a dirty checkout. Nothing was written; exit 1.
    if (
      error instanceof RefusedError ||
      (error instanceof ProductReleaseError &&
        !(error instanceof InvalidProductReleaseError))
    ) {
      process.stderr.write(`releases: ${error.message}\n`);
      return 1;
    }
    if (
      error instanceof InvalidProductReleaseError ||
      error instanceof InvalidProductManifestError
    ) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

async function productTag(opts: ProductTagOptions): Promise<number> {
  const plan = await readProductPlan(opts);
  if (plan.next.version === null) {
    throw new RefusedError(
      `nothing to tag: no component changed since ${plan.previous?.tag}`,
    );
  }
  const version = chooseVersion(plan, opts.version);
  const manifest: ProductManifest = validateProductManifest({
    ...plan.next.manifest!,
    version,
  });
  const tag = `${opts.tagPrefix}${version}`;
  const author = await identity(plan, opts.author);
  const { bare, branch, head, git } = await currentBranch(plan);
  if (opts.expectedHead !== undefined) {
    const wanted = await git(
      [
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `${opts.expectedHead}^{commit}`,
      ],
      [1],
    );
    if (wanted.exitCode !== 0) {
      throw new UsageError(
        `--expected-head '${opts.expectedHead}' is not a commit of ${plan.repo.dir}`,
      );
    }
    if (wanted.stdout.trim() !== head) {
      throw new RefusedError(
        `'${branch}' is at ${head?.slice(0, 12) ?? 'no commit'}, not at ${
          opts.expectedHead
        } (--expected-head): nothing tagged`,
      );
    }
  }
  if (!bare) {
    // A checkout: the cut moves the branch under it, so it must hold
    // nothing of its own that the move could mix with the release.
    const status = await git(['status', '--porcelain', '--untracked-files']);
    if (status.stdout.trim()) {
      throw new RefusedError(
        `the working tree of ${
          plan.repo.dir
        } is not clean; commit or remove these first:\n${status.stdout.trimEnd()}`,
      );
    }
  }
  const existing = await git(
    ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}`],
    [1],
  );
  if (existing.exitCode === 0) {
    throw new RefusedError(`tag ${tag} already exists: nothing tagged`);
  }

  if (opts.dryRun) {
    report(opts, { tag, version, commit: null, manifest, dryRun: true });
    return 0;
  }

  const result = await cutProductRelease({
    repoPath: plan.repo.dir,
    // The checkout itself is brought along below, so the cut may look at
    // the repository as if it had no main work tree; a branch checked out
    // in another (linked) work tree is still refused.
    config: bare
      ? plan.repo.config
      : { ...plan.repo.config, 'core.bare': 'true' },
    branch,
    manifest,
    tagPrefix: opts.tagPrefix,
    author,
    message: opts.message,
    expectedHead: head,
  });
  if (!bare && result.committed) {
    // Index and files follow the branch from its old tip to the release:
    // the tree was clean, so this writes product.yaml and nothing else.
    const moved = await git(
      result.previousHead
        ? ['read-tree', '-m', '-u', result.previousHead, result.commit]
        : ['read-tree', '-m', '-u', result.commit],
      [128],
    );
    if (moved.exitCode !== 0) {
      process.stderr.write(
        `releases: ${tag} is cut on '${branch}', but the checkout could not follow (${moved.stderr.trim()}); run 'git -C ${resolve(
          plan.repo.dir,
        )} checkout -- product.yaml'\n`,
      );
      report(opts, { tag, version, commit: result.commit, manifest });
      return 1;
    }
  }
  report(opts, { tag, version, commit: result.commit, manifest });
  return 0;
}

function report(
  opts: ProductTagOptions,
  out: {
    tag: string;
    version: string;
    commit: string | null;
    manifest: ProductManifest;
    dryRun?: boolean;
  },
): void {
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write(`${out.tag}\n`);
    if (out.dryRun) process.stderr.write('Dry run: nothing written\n');
  }
}
