import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { TERMINAL_PROMOTION_STATES } from '@releases-for-backstage/plugin-releases-common';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import request from 'supertest';

/**
 * SQLite always; PostgreSQL when a `BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING`
 * names a server (CI sets the one for 15). Call at the top of a test file.
 */
export function releasesTestDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: [
      'SQLITE_3',
      'POSTGRES_18',
      'POSTGRES_17',
      'POSTGRES_16',
      'POSTGRES_15',
    ],
    disableDocker: true,
  });
}

/** States a promotion does not leave. */
export const FINISHED: readonly string[] = TERMINAL_PROMOTION_STATES;

/**
 * The app repository of the test component (v1.0.0 and one unreleased
 * feature) and an environment repository with one commit, on disk.
 */
export function createCartRepositories(): {
  app: GitFixture;
  envRepo: GitFixture;
  cleanup: () => void;
} {
  const app = GitFixture.create();
  app.commit('feat: first');
  app.tag('v1.0.0');
  app.commit('feat(cart): coupons');
  const envRepo = GitFixture.create();
  envRepo.commit('chore: environments');
  return {
    app,
    envRepo,
    cleanup: () => {
      app.cleanup();
      envRepo.cleanup();
    },
  };
}

/** A Component with the annotations the plugin reads. */
export function componentEntity(
  name: string,
  options: { gitRepo: string; environmentRepo?: string; system?: string },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'releases-for-backstage.io/git-repo': options.gitRepo,
        ...(options.environmentRepo
          ? {
              'releases-for-backstage.io/environment-repo':
                options.environmentRepo,
            }
          : {}),
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-a',
      ...(options.system ? { system: options.system } : {}),
    },
  };
}

/** The `releases` config of the tests: local repositories, no scheduled refresh, fast promotions. */
export function testReleasesConfig(promotions: Record<string, unknown> = {}) {
  return {
    git: { dangerouslyAllowLocalRepositories: true },
    refresh: { initialDelay: { hours: 1 } },
    promotions: { frequency: { seconds: 1 }, ...promotions },
  };
}

/** Reads a promotion until it is in one of `states` (default: finished); 30 s at most. */
export async function waitForPromotion(
  server: any,
  id: string,
  states: readonly string[] = FINISHED,
  options: { authorization?: string } = {},
) {
  for (let i = 0; i < 300; i++) {
    const get = request(server).get(`/api/releases/promotions/${id}`);
    const res = await (options.authorization
      ? get.set('Authorization', options.authorization)
      : get);
    if (states.includes(res.body.state)) return res.body;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`promotion ${id} did not reach ${states.join(' or ')}`);
}
