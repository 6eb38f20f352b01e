/*
 * Promoting a product release: every component of its manifest into one
 * environment, as one product promotion. Each component is planned by its
 * own version rules (qa runs the candidate of the manifest's version,
 * prod its final tag) before anything is written; one that cannot go
 * refuses the whole request, and every component's promotion is stored in
 * one transaction. The engine then runs them together
 * (ProductPromotionRunner).
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, isError } from '@backstage/errors';
import {
  compareSemVer,
  parseReleaseTag,
  parseSemVer,
  type CreateProductPromotionRequest,
  type EnvironmentDefinition,
  type ProductEnvironmentsResponse,
  type ProductPromotion,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  ProductRelease,
  RepositoryLocator,
} from '@releases-for-backstage/plugin-releases-node';
import type { NewPromotion } from '../database/PromotionStore';
import type { ProductPromotionStore } from '../database/ProductPromotionStore';
import type {
  PromotionService,
  PromotionTarget,
} from '../promotions/PromotionService';
import type { ProductService, ProductSource } from './ProductService';

export interface ProductPromotionServiceOptions {
  store: ProductPromotionStore;
  promotions: PromotionService;
  products: ProductService;
  locator: RepositoryLocator;
  /** Called for every component's new promotion (notifications, signals). */
  onCreated?: (promotionId: string) => Promise<void>;
}

interface Planned {
  name: string;
  entityRef: string;
  manifestVersion: string;
  promotion: NewPromotion & { target: PromotionTarget };
}

export class ProductPromotionService {
  constructor(private readonly options: ProductPromotionServiceOptions) {}

  /**
   * Plans every component, lets `authorize` refuse any of them, and stores
   * the product promotion; writes nothing when any step refuses.
   */
  async create(
    source: ProductSource,
    request: CreateProductPromotionRequest,
    actor: string,
    credentials: BackstageCredentials,
    authorize: (entityRef: string) => Promise<void>,
  ): Promise<{ promotion: ProductPromotion; created: boolean }> {
    const { store } = this.options;
    if (request.idempotencyKey) {
      const existing = await store.findByIdempotencyKey(request.idempotencyKey);
      if (existing) {
        if (
          existing.systemRef !== source.systemRef ||
          existing.environment !== request.environment
        ) {
          throw new ConflictError(
            `Idempotency key '${request.idempotencyKey}' was used for another product promotion (${existing.id})`,
          );
        }
        return { promotion: await store.view(existing.id), created: false };
      }
    }
    const env = this.options.promotions.environment(request.environment);
    const release = await this.release(source, request.version);
    const entities = await this.componentEntities(source, credentials);
    const planned: Planned[] = [];
    const skipped: ProductPromotion['skipped'] = [];
    for (const [name, component] of Object.entries(
      release.manifest.components,
    ).sort(([a], [b]) => a.localeCompare(b))) {
      const entity = entities.get(name);
      if (!entity) {
        throw new InputError(
          `${name}, a component of ${source.name} ${release.version}, is not a Component of ${source.systemRef} in the catalog`,
        );
      }
      const entityRef = stringifyEntityRef(entity);
      await authorize(entityRef);
      const requested = await this.requestedVersion(
        await this.options.promotions.target(entityRef, credentials),
        env,
        component.version,
        component.tag,
      );
      let promotion;
      try {
        promotion = await this.options.promotions.prepare(
          {
            entityRef,
            environment: env.name,
            version: requested,
            redeployFinal: true,
            reason: `product ${source.name} ${release.version}${
              request.reason ? `: ${request.reason}` : ''
            }`,
          },
          actor,
          credentials,
        );
      } catch (error) {
        throw named(error, `${name} ${component.version}`);
      }
      if (promotion.version === promotion.previousVersion) {
        skipped.push({
          component: name,
          version: promotion.version,
          reason: `${env.name} already runs ${promotion.version}`,
        });
        continue;
      }
      planned.push({
        name,
        entityRef,
        manifestVersion: component.version,
        promotion,
      });
    }
    if (planned.length === 0) {
      throw new ConflictError(
        `${env.name} already runs ${source.name} ${release.version}: every component is at its version`,
      );
    }
    const repos = new Set(planned.map(p => p.promotion.target.environmentRepo));
    if (repos.size > 1) {
      throw new InputError(
        `The components of ${source.name} keep their environments in ${
          repos.size
        } repositories (${[...repos].join(
          ', ',
        )}); a product promotion writes one commit, so they must share one`,
      );
    }
    const { product, created } = await store.create({
      systemRef: source.systemRef,
      version: release.version,
      tag: release.tag,
      environment: env.name,
      actor,
      reason: request.reason ?? null,
      idempotencyKey: request.idempotencyKey ?? null,
      manifest: Object.fromEntries(
        Object.entries(release.manifest.components).map(([n, c]) => [
          n,
          c.version,
        ]),
      ),
      skipped,
      members: planned.map(({ promotion: { target: _t, ...p } }) => p),
    });
    const view = await store.view(product.id);
    if (created) {
      for (const m of view.members)
        await this.options.onCreated?.(m.promotionId);
    }
    return { promotion: view, created };
  }

  async get(id: string): Promise<ProductPromotion | undefined> {
    const found = await this.options.store.get(id);
    return found ? this.options.store.view(id) : undefined;
  }

  async list(
    systemRef: string,
    filter: { environment?: string; limit?: number },
  ): Promise<ProductPromotion[]> {
    const { store } = this.options;
    const out = [];
    for (const p of await store.list({ systemRef, ...filter })) {
      out.push(store.toView(p, await store.members(p.id)));
    }
    return out;
  }

  /**
   * What each environment runs as a product version: the newest product
   * release every component matches (its tag, or in qa a candidate of
   * its version), else `mixed`.
   */
  async environments(
    source: ProductSource,
    credentials: BackstageCredentials,
  ): Promise<ProductEnvironmentsResponse> {
    const { releases } = await this.options.products.releases(source);
    const entities = await this.componentEntities(source, credentials);
    const components = [...entities.entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    );
    const envs = this.options.promotions.environments;
    const out: ProductEnvironmentsResponse['environments'] = envs.map(e => ({
      environment: e.name,
      product: null,
      mixed: false,
      components: [],
    }));
    if (components.length === 0)
      return { system: source.systemRef, environments: out };
    const target = await this.options.promotions.target(
      stringifyEntityRef(components[0][1]),
      credentials,
    );
    const envRepo = await this.options.promotions.environmentRepository(
      target.environmentRepo,
    );
    for (const [i, env] of envs.entries()) {
      const file = await envRepo.read(env).catch(() => null);
      const row = out[i];
      row.components = components.map(([name, entity]) => ({
        component: name,
        entityRef: stringifyEntityRef(entity),
        version: file?.components[name]?.version ?? null,
      }));
      if (row.components.every(c => c.version === null)) continue;
      const match = releases.find(r =>
        Object.entries(r.manifest.components).every(([name, c]) =>
          runsVersion(
            row.components.find(x => x.component === name)?.version ?? null,
            c.tag,
            c.version,
          ),
        ),
      );
      row.product = match ? { version: match.version, tag: match.tag } : null;
      row.mixed = !match;
    }
    return { system: source.systemRef, environments: out };
  }

  /** The product release asked for, by version or tag; a 400 listing the ones there are. */
  private async release(
    source: ProductSource,
    version: string,
  ): Promise<ProductRelease> {
    const { releases } = await this.options.products.releases(source);
    const found = releases.find(
      r => r.version === version || r.tag === version,
    );
    if (!found) {
      throw new InputError(
        `${source.systemRef} has no product release '${version}'${
          releases.length
            ? `; its releases are ${releases
                .slice(0, 10)
                .map(r => r.tag)
                .join(', ')}`
            : ': cut one first'
        }`,
      );
    }
    return found;
  }

  /**
   * The version a component is promoted with: its tag, except that qa
   * runs candidates, so a final version goes as the rc it was made from.
   */
  private async requestedVersion(
    target: PromotionTarget,
    env: EnvironmentDefinition,
    version: string,
    tag: string,
  ): Promise<string> {
    const app = await this.options.locator.open(target.repo);
    const tags = await app.listTags();
    const final = tags.find(t => t.name === tag);
    if (!final) {
      throw new InputError(
        `${target.component} ${version}: the product release names tag ${tag}, which its repository does not have`,
      );
    }
    if (env.type !== 'qa' || (parseSemVer(version)?.prerelease.length ?? 0) > 0)
      return tag;
    const prefix = tag.slice(0, tag.length - version.length);
    const candidates = tags
      .map(t => ({ sha: t.sha, parsed: parseReleaseTag(t.name, prefix) }))
      .filter(
        t =>
          t.parsed?.isPrerelease &&
          t.parsed.prerelease[0] === 'rc' &&
          `${t.parsed.major}.${t.parsed.minor}.${t.parsed.patch}` === version,
      )
      .sort((a, b) => compareSemVer(b.parsed!.version, a.parsed!.version));
    const chosen = candidates.find(c => c.sha === final.sha) ?? candidates[0];
    // A final without candidate (a patch cut as a hotfix) goes as itself.
    return chosen ? chosen.parsed!.tag : tag;
  }

  /** The System's components set up for releases, by name. */
  private async componentEntities(
    source: ProductSource,
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    const entities = await this.options.products.catalogComponents(
      source,
      credentials,
    );
    return new Map(entities.map(e => [e.metadata.name, e]));
  }
}

/** True when an environment's version is the manifest's tag, or a candidate of its version. */
function runsVersion(
  running: string | null,
  tag: string,
  version: string,
): boolean {
  if (running === null) return false;
  if (running === tag) return true;
  const prefix = tag.slice(0, tag.length - version.length);
  const parsed = parseReleaseTag(running, prefix);
  return Boolean(
    parsed?.isPrerelease &&
      `${parsed.major}.${parsed.minor}.${parsed.patch}` === version,
  );
}

/** The same error, its message led by the component it is about. */
function named(error: unknown, what: string): unknown {
  if (isError(error) && 'name' in error) {
    error.message = `${what}: ${error.message}`;
  }
  return error;
}
