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
import { DatabasePromotionStore } from '../../database/PromotionStore';
import { DatabaseDeploymentStore } from '../../database/DeploymentStore';
import { PromotionService } from '../../promotions/PromotionService';
import { PromotionEngine } from '../../promotions/PromotionEngine';
import { GitExecutor } from '../../promotions/executors/GitExecutor';

interface WorkerArgs {
  knex: Knex.Config;
  entities: Entity[];
  cacheDir: string;
  crashAt: string | null;
  /** An executor after Git that throws, or a verifier that fails: the promotion rolls back. */
  fail?: 'executor' | 'verification';
  create: { entityRef: string; environment: string; version?: string } | null;
}

async function main() {
  const args: WorkerArgs = JSON.parse(process.argv[2]);
  const db = knexFactory(args.knex);
  await db.migrate.latest({
    directory: resolve(__dirname, '../../../migrations'),
  });
  const byRef = new Map(
    args.entities.map(e => [
      `${e.kind.toLocaleLowerCase('en-US')}:default/${e.metadata.name}`,
      e,
    ]),
  );
  const store = new DatabasePromotionStore(db);
  const deployments = new DatabaseDeploymentStore(db);
  const auth = { getOwnServiceCredentials: async () => ({}) } as any;
  const locator = new RepositoryLocator({ cacheDir: args.cacheDir });
  const logger = {
    error: (m: string) => process.stderr.write(`${m}\n`),
    warn() {},
    info() {},
    debug() {},
    child() {
      return this;
    },
  } as any;
  const author = { name: 'Releases', email: 'releases@example.com' };
  const service = new PromotionService({
    store,
    deployments,
    catalog: { getEntityByRef: async (ref: string) => byRef.get(ref) } as any,
    auth,
    locator,
    logger,
    environments: [...DEFAULT_ENVIRONMENTS],
    allowLocalRepositories: true,
    author,
  });
  const git = new GitExecutor({
    author,
    target: async entityRef => {
      const target = await service.target(entityRef, {} as any);
      return {
        repo: target.repo,
        environmentRepo: await service.environmentRepository(
          target.environmentRepo,
        ),
      };
    },
  });
  const failing = {
    id: 'deploy',
    async execute(execution: { undo?: unknown }) {
      if (!execution.undo) throw new Error('cluster refused the rollout');
    },
  };
  const engine = new PromotionEngine({
    store,
    deployments,
    service,
    auth,
    locator,
    logger,
    author,
    executors: args.fail === 'executor' ? [git, failing] : [git],
    gates: [],
    verifiers:
      args.fail === 'verification'
        ? [
            {
              id: 'smoke',
              run: async () => ({
                status: 'failed',
                detail: 'smoke tests failed',
              }),
            },
          ]
        : [],
    verificationTimeoutMs: 60_000,
    onStep: step => {
      if (step === args.crashAt) process.kill(process.pid, 'SIGKILL');
    },
  });
  if (args.create) {
    await service.create(args.create, 'user:default/ann', {} as any);
  }
  await engine.runPending();
  await db.destroy();
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
