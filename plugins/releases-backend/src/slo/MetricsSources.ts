import { NotFoundError } from '@backstage/errors';
import type { MetricsSource } from '@releases-for-backstage/plugin-releases-node';

/**
 * The metrics sources modules added through `releases.metricsSources`,
 * by id.
 */
export class MetricsSources {
  readonly #sources = new Map<string, MetricsSource>();

  /** Throws when an id is taken: two modules answering to one id would be ambiguous. */
  add(...sources: MetricsSource[]): void {
    for (const source of sources) {
      if (this.#sources.has(source.id)) {
        throw new Error(
          `A metrics source with id '${source.id}' is already registered`,
        );
      }
      this.#sources.set(source.id, source);
    }
  }

  /** The source with this id; a NotFoundError listing the registered ids otherwise. */
  get(id: string): MetricsSource {
    const source = this.#sources.get(id);
    if (!source) {
      const ids = [...this.#sources.keys()];
      throw new NotFoundError(
        `Unknown metrics source '${id}'; ${
          ids.length
            ? `registered: ${ids.map(i => `'${i}'`).join(', ')}`
            : 'no metrics source is registered (add a module such as releases-backend-module-prometheus)'
        }`,
      );
    }
    return source;
  }

  has(id: string): boolean {
    return this.#sources.has(id);
  }

  /** Every source, in the order added. */
  list(): MetricsSource[] {
    return [...this.#sources.values()];
  }
}
