import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import {
  FINISHED,
  componentEntity,
  createCartRepositories,
  testReleasesConfig,
  waitForPromotion as waitFor,
  releasesTestDatabases,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(180_000);

const databases = releasesTestDatabases();

const CART = 'component:default/cart';
const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const PIPELINE = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci'),
  targetPluginId: 'releases',
});

function user(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

const SHOP: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-a' },
};

const PEOPLE = [
  user('alice', ['sre']),
  user('carol', ['qa']),
  user('rita', ['release-managers']),
  user('bob', []),
];

describe.each(databases.eachSupportedId())('judgement on %p', databaseId => {
  let app: GitFixture;
  let envRepo: GitFixture;
  let cleanup: () => void;

  beforeEach(() => {
    ({ app, envRepo, cleanup } = createCartRepositories());
  });
  afterEach(() => cleanup());

  async function start(releases: Record<string, unknown>) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        releasesPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            releases: {
              ...testReleasesConfig(),
              permissions: {
                releaseManagers: ['group:default/release-managers'],
              },
              ...releases,
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({
          entities: [
            componentEntity('cart', {
              gitRepo: app.dir,
              environmentRepo: envRepo.dir,
              system: 'shop',
            }),
            SHOP,
            ...PEOPLE,
          ],
        }),
      ],
    });
    return { server, knex };
  }

  async function promote(server: any, environment: string, who = 'bob') {
    const res = await request(server)
      .post('/api/releases/promotions')
      .set('Authorization', as(who))
      .send({ entityRef: CART, environment });
    expect(res.status).toBe(201);
    return waitFor(server, res.body.id, ['waiting-for-gates', ...FINISHED], {
      authorization: as(who),
    });
  }

  function vote(
    server: any,
    id: string,
    who: string,
    body: Record<string, unknown>,
  ) {
    return request(server)
      .post(`/api/releases/promotions/${id}/votes`)
      .set('Authorization', as(who))
      .send(body);
  }

  const VOTES = {
    votes: {
      environments: ['qa'],
      roles: { sre: ['group:default/sre'], qa: ['group:default/qa'] },
    },
  };

  it('takes votes only from members of the role, counts a veto and ships with every go, recorded in the commit', async () => {
    const { server, knex } = await start(VOTES);
    const p = await promote(server, 'qa');
    expect(p.state).toBe('waiting-for-gates');
    expect(p.gates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'votes', status: 'pending' }),
      ]),
    );

    // Someone outside the SRE group: refused, nothing written.
    const refused = await vote(server, p.id, 'bob', {
      role: 'sre',
      decision: 'go',
      reason: 'looks fine',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/group:default\/sre/);
    // Alice is an SRE but not QA.
    expect(
      (
        await vote(server, p.id, 'alice', {
          role: 'qa',
          decision: 'go',
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    expect((await knex('promotion_votes')).length).toBe(0);

    // A veto blocks, with its reason shown.
    const veto = await vote(server, p.id, 'alice', {
      role: 'sre',
      decision: 'no-go',
      reason: 'error budget spent',
    });
    expect(veto.status).toBe(201);
    expect(
      (
        await vote(server, p.id, 'carol', {
          role: 'qa',
          decision: 'go',
          reason: 'tests green',
        })
      ).status,
    ).toBe(201);
    const vetoed = await request(server)
      .get(`/api/releases/promotions/${p.id}`)
      .set('Authorization', as('bob'));
    expect(vetoed.body.state).toBe('waiting-for-gates');
    expect(vetoed.body.gates.find((g: any) => g.id === 'votes')).toEqual(
      expect.objectContaining({
        status: 'pending',
        detail: expect.stringContaining('error budget spent'),
      }),
    );

    const listed = await request(server)
      .get(`/api/releases/promotions/${p.id}/votes`)
      .set('Authorization', as('alice'));
    expect(listed.status).toBe(200);
    expect(listed.body.roles).toEqual([
      { role: 'sre', groups: ['group:default/sre'], mayVote: true },
      { role: 'qa', groups: ['group:default/qa'], mayVote: false },
    ]);
    expect(listed.body.votes.map((v: any) => [v.role, v.decision])).toEqual([
      ['sre', 'no-go'],
      ['qa', 'go'],
    ]);

    // The SRE changes their mind: every role says go and the promotion runs.
    expect(
      (
        await vote(server, p.id, 'alice', {
          role: 'sre',
          decision: 'go',
          reason: 'budget restored',
        })
      ).status,
    ).toBe(201);
    const done = await waitFor(server, p.id, FINISHED, {
      authorization: as('bob'),
    });
    expect(done.state).toBe('succeeded');
    const message = envRepo.git('log', '-1', '--format=%B', 'environment/qa');
    expect(message).toContain(
      'Vote: sre go user:default/alice "budget restored"',
    );
    expect(message).toContain('Vote: qa go user:default/carol "tests green"');

    // Votes are in the audit trail; a vote on a finished promotion is refused.
    const audit = await request(server)
      .get(`/api/releases/audit?entityRef=${CART}`)
      .set('Authorization', as('bob'));
    expect(
      audit.body.items
        .filter((e: any) => e.action === 'promotion-vote')
        .map((e: any) => e.detail),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('sre: no-go'),
        expect.stringContaining('sre: go'),
      ]),
    );
    expect(
      (
        await vote(server, p.id, 'alice', {
          role: 'sre',
          decision: 'no-go',
          reason: 'late',
        })
      ).status,
    ).toBe(409);
  });

  it('counts a vote for one version only', async () => {
    const { server } = await start(VOTES);
    const first = await promote(server, 'qa');
    await vote(server, first.id, 'alice', {
      role: 'sre',
      decision: 'go',
      reason: 'ok',
    });
    await vote(server, first.id, 'carol', {
      role: 'qa',
      decision: 'go',
      reason: 'ok',
    });
    expect(
      (await waitFor(server, first.id, FINISHED, { authorization: as('bob') }))
        .state,
    ).toBe('succeeded');

    // A new rc: the votes for the first one do not carry over.
    app.commit('fix(cart): rounding');
    const second = await promote(server, 'qa');
    expect(second.version).not.toBe(first.version);
    expect(second.state).toBe('waiting-for-gates');
    expect(second.gates.find((g: any) => g.id === 'votes').detail).toMatch(
      /a go from sre, qa/,
    );
  });

  it('refuses bad votes with the field named and from pipelines', async () => {
    const { server, knex } = await start(VOTES);
    const p = await promote(server, 'qa');
    for (const [body, pattern] of [
      [{ role: 'sre', decision: 'maybe', reason: 'x' }, /decision/],
      [{ role: 'sre', decision: 'go' }, /reason/],
      [{ role: 'sre', decision: 'go', reason: '  ' }, /reason/],
      [{ role: 'janitor', decision: 'go', reason: 'x' }, /janitor/],
    ] as const) {
      const res = await vote(server, p.id, 'alice', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(pattern);
    }
    const service = await request(server)
      .post(`/api/releases/promotions/${p.id}/votes`)
      .set('Authorization', PIPELINE)
      .send({ role: 'sre', decision: 'go', reason: 'x' });
    expect(service.status).toBe(403);
    expect((await knex('promotion_votes')).length).toBe(0);
  });

  it('chooses the gate by risk: medium waits for a smoke result, low goes through', async () => {
    const { server } = await start({
      risk: { environments: { staging: {} } },
    });
    const qa = await promote(server, 'qa');
    expect(
      (await waitFor(server, qa.id, FINISHED, { authorization: as('bob') }))
        .state,
    ).toBe('succeeded');

    const risk = await request(server)
      .get(`/api/releases/risk?entityRef=${CART}&version=${qa.version}`)
      .set('Authorization', as('bob'));
    expect(risk.status).toBe(200);
    // Unknown coverage counts as none: a functional change is medium.
    expect(risk.body.level).toBe('medium');
    expect(risk.body.changes[0].labels.change).toEqual({
      value: expect.any(String),
      source: 'git',
    });
    expect(risk.body.changes[0].unknown).toContain('ft-coverage');

    const staging = await promote(server, 'staging');
    expect(staging.state).toBe('waiting-for-gates');
    expect(staging.gates.find((g: any) => g.id === 'smoke')).toEqual(
      expect.objectContaining({ status: 'pending' }),
    );

    // A failed smoke keeps it waiting; a passed one from the pipeline lets it go.
    const version = qa.version.replace(/^v/, '');
    for (const status of ['failed', 'passed']) {
      const res = await request(server)
        .post('/api/releases/results')
        .set('Authorization', PIPELINE)
        .send({ entityRef: CART, version, kind: 'smoke', status });
      expect(res.status).toBe(201);
    }
    const done = await waitFor(server, staging.id, FINISHED, {
      authorization: as('bob'),
    });
    expect(done.state).toBe('succeeded');

    // A low-risk change does not lower the release: coupons is still medium.
    const coupons = app.head();
    app.commit('feat(cart): gift cards');
    const sha = app.head();
    const labels = await request(server)
      .post('/api/releases/changes')
      .set('Authorization', PIPELINE)
      .send({ entityRef: CART, change: sha, labels: { 'ft-coverage': 92 } });
    expect(labels.status).toBe(201);
    expect(labels.body).toEqual(
      expect.objectContaining({
        id: sha,
        level: 'low',
        labels: expect.objectContaining({
          'ft-coverage': { value: 92, source: 'pipeline' },
        }),
      }),
    );
    const qa2 = await promote(server, 'qa');
    await waitFor(server, qa2.id, FINISHED, { authorization: as('bob') });
    const staging2 = await promote(server, 'staging');
    expect(staging2.state).toBe('waiting-for-gates');
    expect(staging2.gates.find((g: any) => g.id === 'risk').detail).toMatch(
      /^medium risk: 2 change\(s\)/,
    );

    // With the coverage of coupons reported too, the release is low and goes.
    expect(
      (
        await request(server)
          .post('/api/releases/changes')
          .set('Authorization', PIPELINE)
          .send({
            entityRef: CART,
            change: coupons.slice(0, 10),
            labels: { 'ft-coverage': 95 },
          })
      ).status,
    ).toBe(201);
    const done2 = await waitFor(server, staging2.id, FINISHED, {
      authorization: as('bob'),
    });
    expect(done2.state).toBe('succeeded');
    expect(done2.gates.find((g: any) => g.id === 'smoke')).toBeUndefined();
    expect(done2.gates.find((g: any) => g.id === 'risk').detail).toMatch(
      /^low risk/,
    );
  });

  it('judges a final version for production by the candidate it is tagged from', async () => {
    const { server } = await start({ risk: { environments: { prod: {} } } });
    const qa = await promote(server, 'qa');
    await waitFor(server, qa.id, FINISHED, { authorization: as('bob') });
    const rc = qa.version.replace(/^v/, '');
    const final = rc.replace(/-rc\.\d+$/, '');

    // Before prod tags it, the final version's risk is its candidate's.
    const risk = await request(server)
      .get(`/api/releases/risk?entityRef=${CART}&version=${final}`)
      .set('Authorization', as('bob'));
    expect(risk.status).toBe(200);
    expect(risk.body.level).toBe('medium');

    const asked = await request(server)
      .post('/api/releases/promotions')
      .set('Authorization', as('bob'))
      .send({ entityRef: CART, environment: 'prod', version: final });
    expect(asked.status).toBe(201);
    const prod = await waitFor(server, asked.body.id, ['waiting-for-gates'], {
      authorization: as('bob'),
    });
    expect(prod.version).toBe(`v${final}`);
    expect(prod.state).toBe('waiting-for-gates');
    expect(prod.gates.find((g: any) => g.id === 'risk')).toEqual(
      expect.objectContaining({ status: 'met' }),
    );
    expect(prod.gates.find((g: any) => g.id === 'smoke')).toEqual(
      expect.objectContaining({
        status: 'pending',
        detail: expect.stringContaining(`smoke result for v${final}`),
      }),
    );
    // The candidate's smoke test tested the same commit: it counts.
    await request(server)
      .post('/api/releases/results')
      .set('Authorization', PIPELINE)
      .send({ entityRef: CART, version: rc, kind: 'smoke', status: 'passed' })
      .expect(201);
    const done = await waitFor(server, prod.id, FINISHED, {
      authorization: as('bob'),
    });
    expect(done.state).toBe('succeeded');
    expect(done.gates.find((g: any) => g.id === 'smoke').detail).toBe(
      `smoke passed for ${rc}`,
    );
  });

  it('asks a release manager to approve a high-risk release', async () => {
    const { server } = await start({
      risk: { environments: { staging: { minimum: 'high' } } },
    });
    const qa = await promote(server, 'qa');
    await waitFor(server, qa.id, FINISHED, { authorization: as('bob') });
    const version = qa.version.replace(/^v/, '');
    await request(server)
      .post('/api/releases/results')
      .set('Authorization', PIPELINE)
      .send({ entityRef: CART, version, kind: 'smoke', status: 'passed' });
    const staging = await promote(server, 'staging');
    expect(staging.state).toBe('waiting-for-gates');
    expect(staging.gates.find((g: any) => g.id === 'approval')).toEqual(
      expect.objectContaining({
        status: 'pending',
        detail: expect.stringContaining("a release manager's approval"),
      }),
    );
    // Alice is no release manager: her approval does not count.
    await request(server)
      .post(`/api/releases/promotions/${staging.id}/approve`)
      .set('Authorization', as('alice'))
      .send({});
    const after = await request(server)
      .get(`/api/releases/promotions/${staging.id}`)
      .set('Authorization', as('bob'));
    expect(after.body.state).toBe('waiting-for-gates');
    await request(server)
      .post(`/api/releases/promotions/${staging.id}/approve`)
      .set('Authorization', as('rita'))
      .send({});
    const done = await waitFor(server, staging.id, FINISHED, {
      authorization: as('bob'),
    });
    expect(done.state).toBe('succeeded');
  });

  it('refuses bad labels and results naming the field, with nothing written', async () => {
    const { server, knex } = await start({});
    const sha = app.head();
    for (const [labels, pattern] of [
      [{ change: 'XXL' }, /change/],
      [{ 'ft-coverage': 140 }, /ft-coverage/],
      [{ functional: 'maybe' }, /functional/],
      [{ colour: 'red' }, /colour/],
      [{}, /at least one/],
    ] as const) {
      const res = await request(server)
        .post('/api/releases/changes')
        .set('Authorization', PIPELINE)
        .send({ entityRef: CART, change: sha, labels });
      expect({ labels, status: res.status }).toEqual({ labels, status: 400 });
      expect(res.body.error.message).toMatch(pattern);
    }
    const unknownCommit = await request(server)
      .post('/api/releases/changes')
      .set('Authorization', PIPELINE)
      .send({ entityRef: CART, change: 'abcdef1', labels: { change: 'S' } });
    expect(unknownCommit.status).toBe(400);
    for (const [body, pattern] of [
      [{ version: '9.9.9', kind: 'smoke', status: 'passed' }, /9\.9\.9/],
      [{ version: '1.0.0', kind: 'vibes', status: 'passed' }, /kind/],
      [{ version: '1.0.0', kind: 'smoke', status: 'ok' }, /status/],
      [
        { version: '1.0.0', kind: 'smoke', status: 'passed', toggle: 'x' },
        /toggle/,
      ],
      [
        {
          version: '1.0.0',
          kind: 'smoke',
          status: 'passed',
          environment: 'mars',
        },
        /mars/,
      ],
    ] as const) {
      const res = await request(server)
        .post('/api/releases/results')
        .set('Authorization', PIPELINE)
        .send({ entityRef: CART, ...body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(pattern);
    }
    expect((await knex('change_labels')).length).toBe(0);
    expect((await knex('test_results')).length).toBe(0);
    const results = await request(server)
      .get(`/api/releases/results?entityRef=${CART}`)
      .set('Authorization', as('bob'));
    expect(results.body.results).toEqual([]);
  });

  it('holds every promotion of a frozen product until the freeze is lifted or someone breaks glass, audited', async () => {
    const { server, knex } = await start({});
    const freeze = await request(server)
      .post('/api/releases/freezes')
      .set('Authorization', as('rita'))
      .send({ system: 'system:default/shop', reason: 'Black Friday' });
    expect(freeze.status).toBe(201);
    expect(
      (
        await request(server)
          .post('/api/releases/freezes')
          .set('Authorization', as('rita'))
          .send({ system: 'system:default/shop', reason: 'again' })
      ).status,
    ).toBe(409);
    const windowNow = await request(server)
      .get(`/api/releases/windows?entityRef=${CART}&environment=qa`)
      .set('Authorization', as('bob'));
    expect(windowNow.body).toEqual(
      expect.objectContaining({ open: false, frozen: true }),
    );
    expect(windowNow.body.reason).toContain('Black Friday');

    const held = await promote(server, 'qa');
    expect(held.state).toBe('waiting-for-gates');
    expect(held.gates.find((g: any) => g.id === 'window')).toEqual(
      expect.objectContaining({
        status: 'pending',
        detail: expect.stringContaining('Black Friday'),
      }),
    );

    // Breaking glass needs a reason; the override is audited and the promotion runs.
    expect(
      (
        await request(server)
          .post('/api/releases/promotions')
          .set('Authorization', as('rita'))
          .send({ entityRef: CART, environment: 'dev', override: {} })
      ).status,
    ).toBe(400);
    const glass = await request(server)
      .post('/api/releases/promotions')
      .set('Authorization', as('rita'))
      .send({
        entityRef: CART,
        environment: 'dev',
        override: { reason: 'payment outage fix' },
      });
    expect(glass.status).toBe(201);
    const ran = await waitFor(server, glass.body.id, FINISHED, {
      authorization: as('rita'),
    });
    expect(ran.state).toBe('succeeded');
    expect(ran.gates.find((g: any) => g.id === 'window').detail).toContain(
      'break glass by user:default/rita: payment outage fix',
    );

    const lift = await request(server)
      .post('/api/releases/freezes/lift')
      .set('Authorization', as('rita'))
      .send({ system: 'system:default/shop', reason: 'over' });
    expect(lift.status).toBe(200);
    const released = await waitFor(server, held.id, FINISHED, {
      authorization: as('bob'),
    });
    expect(released.state).toBe('succeeded');
    const actions = (
      await knex('audit_log').select('action', 'entity_ref')
    ).map((r: any) => `${r.action} ${r.entity_ref}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'product-freeze system:default/shop',
        'product-unfreeze system:default/shop',
        `promotion-override ${CART}`,
      ]),
    );
    expect(
      (
        await request(server)
          .post('/api/releases/freezes/lift')
          .set('Authorization', as('rita'))
          .send({ system: 'system:default/shop', reason: 'again' })
      ).status,
    ).toBe(404);
  });

  it('blesses what passed its votes, rolls back to the last blessed release and stops an un-blessed one', async () => {
    const { server } = await start(VOTES);
    const voteGo = async (id: string) => {
      for (const [who, role] of [
        ['alice', 'sre'],
        ['carol', 'qa'],
      ]) {
        expect(
          (await vote(server, id, who, { role, decision: 'go', reason: 'ok' }))
            .status,
        ).toBe(201);
      }
      return waitFor(server, id, FINISHED, { authorization: as('bob') });
    };
    const versions: string[] = [];
    for (const message of [
      'fix(cart): one',
      'fix(cart): two',
      'fix(cart): three',
    ]) {
      app.commit(message);
      const p = await promote(server, 'qa');
      expect((await voteGo(p.id)).state).toBe('succeeded');
      versions.push(p.version.replace(/^v/, ''));
    }
    // Blessed right after success (on the state change), so read until it shows.
    let blessings: Array<[string, boolean]> = [];
    for (let i = 0; i < 50 && blessings.length < versions.length; i++) {
      if (i > 0) await new Promise(r => setTimeout(r, 100));
      const blessed = await request(server)
        .get(`/api/releases/blessed?entityRef=${CART}`)
        .set('Authorization', as('bob'));
      blessings = blessed.body.releases.map((b: any) => [b.version, b.blessed]);
    }
    expect(blessings.sort()).toEqual(versions.map(v => [v, true]).sort());

    // Un-blessing needs a reason and stops the release's further promotion.
    const unbless = (body: object) =>
      request(server)
        .post('/api/releases/blessed/unbless')
        .set('Authorization', as('rita'))
        .send({ entityRef: CART, ...body });
    expect((await unbless({ version: versions[1] })).status).toBe(400);
    expect(
      (await unbless({ version: '7.7.7', reason: 'no such release' })).status,
    ).toBe(400);
    const un = await unbless({ version: versions[1], reason: 'data loss bug' });
    expect(un.status).toBe(200);
    expect(un.body).toEqual(
      expect.objectContaining({ version: versions[1], blessed: false }),
    );
    const staging = await request(server)
      .post('/api/releases/promotions')
      .set('Authorization', as('bob'))
      .send({
        entityRef: CART,
        environment: 'staging',
        version: `v${versions[1]}`,
      });
    expect(staging.status).toBe(201);
    const stopped = await waitFor(server, staging.body.id, FINISHED, {
      authorization: as('bob'),
    });
    expect(stopped.state).toBe('rejected');
    expect(stopped.reason).toContain(
      'un-blessed by user:default/rita: data loss bug',
    );

    // The last known-good version is the un-blessed one: the rollback skips it.
    const rollback = await request(server)
      .post('/api/releases/promotions')
      .set('Authorization', as('rita'))
      .send({
        entityRef: CART,
        environment: 'qa',
        rollback: true,
        reason: 'bad',
      });
    expect(rollback.status).toBe(201);
    expect(rollback.body.version).toBe(`v${versions[0]}`);
    const back = await waitFor(server, rollback.body.id, FINISHED, {
      authorization: as('rita'),
    });
    expect(back.state).toBe('succeeded');
    expect(back.events[0].reason).toContain(
      `to v${versions[0]}, the last blessed release qa ran`,
    );
  });
});
