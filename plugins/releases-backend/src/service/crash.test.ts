import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';

import { releasesTestDatabases } from './__testUtils__/promotionFixtures';

jest.setTimeout(240_000);

const databases = releasesTestDatabases();

const STEPS = [
  'approved',
  'executing',
  'tagged',
  'environment-written',
  'verifying',
  'recorded',
];

// A failure after the environment branch was written puts the previous
// version back; a kill at any step of that still ends rolled back, once.
const UNDO_CASES: Array<['executor' | 'verification', string]> = [
  ['executor', 'environment-written'],
  ['executor', 'rolling-back'],
  ['executor', 'reverted'],
  ['verification', 'verifying'],
  ['verification', 'rolling-back'],
  ['verification', 'reverted'],
];

function runWorker(
  args: object,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise(resolvePromise => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        join(__dirname, '__testUtils__/crashWorker.ts'),
        JSON.stringify(args),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', d => (stderr += d));
    child.on('close', (code, signal) =>
      resolvePromise({ code, signal, stderr }),
    );
  });
}

/**
 * Real repositories and a database both worker processes open; runs a qa
 * promotion in a worker killed at `crashAt`, then in a fresh one, and hands
 * the database and repositories to `check`.
 */
async function crashAndResume(
  databaseId: Parameters<typeof databases.init>[0],
  options: { crashAt: string; fail?: 'executor' | 'verification' },
  check: (fixture: {
    db: Knex;
    app: GitFixture;
    envRepo: GitFixture;
  }) => Promise<void>,
) {
  const app = GitFixture.create();
  const envRepo = GitFixture.create();
  const scratch = mkdtempSync(join(tmpdir(), 'releases-crash-'));
  let db: Knex | undefined;
  try {
    app.commit('feat: first');
    app.tag('v1.0.0');
    app.commit('feat(cart): coupons');
    envRepo.commit('chore: environments');
    let connection: Knex.Config;
    if (databaseId === 'SQLITE_3') {
      // A file both processes open, unlike the in-memory test database.
      connection = {
        client: 'better-sqlite3',
        connection: { filename: join(scratch, 'releases.sqlite') },
        useNullAsDefault: true,
      };
    } else {
      const knex = await databases.init(databaseId);
      connection = {
        client: 'pg',
        connection: (knex.client as any).config.connection,
      };
    }
    const entities = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name: 'shop',
          annotations: {
            'releases-for-backstage.io/environment-repo': envRepo.dir,
          },
        },
        spec: {},
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'cart',
          annotations: { 'releases-for-backstage.io/git-repo': app.dir },
        },
        spec: { system: 'shop' },
      },
    ];
    const base = {
      knex: connection,
      entities,
      cacheDir: join(scratch, 'cache'),
      fail: options.fail,
    };

    const crashed = await runWorker({
      ...base,
      crashAt: options.crashAt,
      create: { entityRef: 'component:default/cart', environment: 'qa' },
    });
    expect({ signal: crashed.signal, stderr: crashed.stderr }).toEqual({
      signal: 'SIGKILL',
      stderr: '',
    });

    const resumed = await runWorker({ ...base, crashAt: null, create: null });
    expect({ code: resumed.code, stderr: resumed.stderr }).toEqual({
      code: 0,
      stderr: '',
    });

    db = knexFactory(connection);
    await check({ db, app, envRepo });
  } finally {
    await db?.destroy();
    app.cleanup();
    envRepo.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe.each(databases.eachSupportedId())(
  'a promotion killed mid-way on %p',
  databaseId => {
    it.each(STEPS)(
      'resumes after a kill at %s, with Git and the database in agreement',
      step =>
        crashAndResume(
          databaseId,
          { crashAt: step },
          async ({ db, app, envRepo }) => {
            const promotions = await db('promotions').select();
            expect(promotions).toHaveLength(1);
            expect(promotions[0]).toMatchObject({
              state: 'succeeded',
              version: 'v1.1.0-rc.1',
              created_tag: 'v1.1.0-rc.1',
            });
            expect(await db('active_promotions').select()).toEqual([]);
            expect(await db('deployments').select('version', 'status')).toEqual(
              [{ version: 'v1.1.0-rc.1', status: 'succeeded' }],
            );
            expect(
              await db('environment_state').select('environment', 'version'),
            ).toEqual([{ environment: 'qa', version: 'v1.1.0-rc.1' }]);
            // Git agrees: one rc tag on the head, one commit on the qa branch.
            expect(app.git('tag', '--list', 'v1.1.0-rc.*')).toBe('v1.1.0-rc.1');
            expect(app.git('rev-list', '-n1', 'v1.1.0-rc.1')).toBe(app.head());
            expect(envRepo.git('log', '--format=%s', 'environment/qa')).toBe(
              'promote(cart): v1.1.0-rc.1 to qa',
            );
            expect(
              envRepo.git('show', 'environment/qa:environment.yaml'),
            ).toContain(`promotion: ${promotions[0].id}`);
          },
        ),
    );

    it.each(UNDO_CASES)(
      'with a failing %s, resumes after a kill at %s and ends rolled back with one revert',
      (fail, step) =>
        crashAndResume(
          databaseId,
          { crashAt: step, fail },
          async ({ db, envRepo }) => {
            const promotions = await db('promotions').select();
            expect(promotions).toHaveLength(1);
            expect(promotions[0]).toMatchObject({
              state: 'rolled-back',
              version: 'v1.1.0-rc.1',
            });
            expect(await db('active_promotions').select()).toEqual([]);
            // Nothing runs in qa, in the database and on the branch alike.
            expect(await db('deployments').select()).toEqual([]);
            expect(await db('environment_state').select()).toEqual([]);
            expect(
              envRepo.git('log', '--format=%s', 'environment/qa').split('\n'),
            ).toEqual([
              'Revert "promote(cart): v1.1.0-rc.1 to qa"',
              'promote(cart): v1.1.0-rc.1 to qa',
            ]);
            expect(
              envRepo.git('show', 'environment/qa:environment.yaml'),
            ).not.toContain('cart:');
          },
        ),
    );
  },
);
