/*
 * What the `releases product` commands share: the options, the components
 * read from their repositories, the last product release read from the
 * product repository, and the next product version they make.
 */
import { resolve } from 'node:path';
import {
  InvalidProductManifestError,
  latestReleaseTag,
  nextProductVersion,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  NextProductVersion,
  ProductComponent,
} from '@releases-for-backstage/plugin-releases-common';
import {
  GitRepository,
  RepositoryNotFoundError,
} from '@releases-for-backstage/plugin-releases-node/git';
import { readProductReleases } from '@releases-for-backstage/plugin-releases-node/products';
import type { ProductRelease } from '@releases-for-backstage/plugin-releases-node/products';
import { UsageError } from '../errors';

export interface ProductOptions {
  repo: string;
  component: string[];
  product?: string;
  tagPrefix: string;
  preset: string;
  json?: boolean;
}

/** One `--component <name>=<path>[,prefix=<tag prefix>]`. */
export interface ComponentSpec {
  name: string;
  path: string;
  prefix: string;
}

/** A component at its newest final release. */
export interface ComponentAtRelease extends ComponentSpec {
  repo: GitRepository;
  version: string;
  tag: string;
}

export interface ProductPlan {
  repo: GitRepository;
  product: string;
  previous: ProductRelease | null;
  components: ComponentAtRelease[];
  next: NextProductVersion;
}

// The catalog's entity names, as the manifest requires them.
const ENTITY_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/i;

function checkName(name: string, what: string): void {
  if (name.length > 63 || !ENTITY_NAME.test(name)) {
    throw new UsageError(
      `${what} '${name}' is not an entity name (letters and digits, separated by single -, _ or ., at most 63 characters)`,
    );
  }
}

/** Parses the `--component` values; throws a UsageError naming the bad one. */
export function parseComponentSpecs(values: string[]): ComponentSpec[] {
  if (values.length === 0) {
    throw new UsageError(
      '--component is required: one --component <name>=<path>[,prefix=<tag prefix>] per component',
    );
  }
  const specs: ComponentSpec[] = [];
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) {
      throw new UsageError(
        `--component '${value}' must be <name>=<path>[,prefix=<tag prefix>]`,
      );
    }
    const name = value.slice(0, eq);
    let path = value.slice(eq + 1);
    let prefix = 'v';
    // The last `,prefix=` only, so a path may hold commas.
    const at = path.lastIndexOf(',prefix=');
    if (at >= 0) {
      prefix = path.slice(at + ',prefix='.length);
      path = path.slice(0, at);
    }
    checkName(name, `--component name`);
    if (!path) {
      throw new UsageError(`--component '${value}' names no path`);
    }
    if (/[\s~^:?*[\\]/.test(prefix) || prefix.startsWith('-')) {
      throw new UsageError(
        `--component '${value}': prefix '${prefix}' cannot start a Git tag name`,
      );
    }
    if (specs.some(s => s.name === name)) {
      throw new UsageError(
        `--component '${name}' is given twice; a product manifest lists each component once`,
      );
    }
    specs.push({ name, path, prefix });
  }
  return specs;
}

async function openRepo(path: string, what: string): Promise<GitRepository> {
  try {
    return await GitRepository.open(resolve(path));
  } catch (error) {
    if (error instanceof RepositoryNotFoundError) {
      throw new UsageError(`${what}: ${error.message}`);
    }
    throw error;
  }
}

/** Each component at its newest final release tag of its prefix. */
async function readComponents(
  specs: ComponentSpec[],
): Promise<ComponentAtRelease[]> {
  // One after the other: each is one `git for-each-ref`.
  const out: ComponentAtRelease[] = [];
  for (const spec of specs) {
    const repo = await openRepo(
      spec.path,
      `--component ${spec.name}=${spec.path}`,
    );
    const tags = await repo.listTags();
    const latest = latestReleaseTag(
      tags.map(t => t.name),
      spec.prefix,
    );
    if (!latest) {
      throw new UsageError(
        `--component ${spec.name}=${spec.path}: no final release tag with prefix '${spec.prefix}' (e.g. ${spec.prefix}1.0.0)`,
      );
    }
    out.push({ ...spec, repo, version: latest.version, tag: latest.tag });
  }
  return out;
}

/** Reads everything the next product release depends on. */
export async function readProductPlan(
  opts: ProductOptions,
): Promise<ProductPlan> {
  const specs = parseComponentSpecs(opts.component ?? []);
  if (opts.product !== undefined) checkName(opts.product, '--product');
  const repo = await openRepo(opts.repo, `--repo ${opts.repo}`);
  const { releases } = await readProductReleases(repo, {
    tagPrefix: opts.tagPrefix,
  });
  const previous = releases[0] ?? null;
  const product = opts.product ?? previous?.manifest.product;
  if (!product) {
    throw new UsageError(
      `--product is required for the first product release (${opts.repo} has no product release with prefix '${opts.tagPrefix}')`,
    );
  }
  const components = await readComponents(specs);
  const versions: Record<string, ProductComponent> = {};
  for (const c of components) {
    versions[c.name] = { version: c.version, tag: c.tag };
  }
  let next: NextProductVersion;
  try {
    next = nextProductVersion({
      product,
      previous: previous
        ? { version: previous.version, manifest: previous.manifest }
        : null,
      components: versions,
    });
  } catch (error) {
    if (error instanceof InvalidProductManifestError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  return { repo, product, previous, components, next };
}
