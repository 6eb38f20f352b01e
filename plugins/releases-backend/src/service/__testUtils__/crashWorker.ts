/*
 * A worker process for the crash test: runs the promotion engine against a
 * real database and real Git repositories, and kills itself with SIGKILL at
 * the step named in its arguments, like a backend that dies mid-promotion.
 */
import knexFactory, { type Knex } from 'knex';
import { resolve } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { RepositoryLocator } from '@releases-for-backstage/plugin-releases-node';
import { DEFAULT_ENVIRONMENTS } from '@releases-for-backstage/plugin-releases-common';
import { PromotionStore } from '../../database/PromotionStore';
import { PromotionService } from '../PromotionService';

interface WorkerArgs {
  knex: Knex.Config;
  entities: Entity[];
  cacheDir: string;
  crashAt: string | null;
  create: { entityRef: string; environment: string; version?: string } | null;
}

async function main() {
  const args: WorkerArgs = JSON.parse(process.argv[2]);
  const db = knexFactory(args.knex);
  await db.migrate.latest({ directory: resolve(__dirname, '../../../migrations') });
  const byRef = new Map(args.entities.map(e => [`${e.kind.toLocaleLowerCase('en-US')}:default/${e.metadata.name}`, e]));
  const service = new PromotionService({
    store: new PromotionStore(db),
    catalog: { getEntityByRef: async (ref: string) => byRef.get(ref) } as any,
    auth: { getOwnServiceCredentials: async () => ({}) } as any,
    locator: new RepositoryLocator({ cacheDir: args.cacheDir }),
    logger: { error: (m: string) => process.stderr.write(`${m}\n`), warn() {}, info() {}, debug() {}, child() { return this; } } as any,
    environments: [...DEFAULT_ENVIRONMENTS],
    allowLocalRepositories: true,
    author: { name: 'Releases', email: 'releases@example.com' },
    onStep: step => {
      if (step === args.crashAt) process.kill(process.pid, 'SIGKILL');
    },
  });
  if (args.create) {
    await service.create(args.create, 'user:default/ann', {} as any);
  }
  await service.runPending();
  await db.destroy();
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
