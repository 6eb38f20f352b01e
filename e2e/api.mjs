// The field test's API replay against a started backend (real auth, the
// static pipeline token from app-config.yaml, the portal's permission
// policy): a pipeline may report deployments and nothing else; bad qa
// versions, bad deployment reports and unknown refs get their 4xx and
// write nothing. Run with `node e2e/api.mjs` (`.ci/run` does).
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { root, waitFor } from './portal.mjs';

const API = 'http://localhost:7007/api/releases';
const PIPELINE = 'Bearer local-pipeline-token-change-me';
const CART = 'component:default/cart';

async function call(method, path, { auth, body } = {}) {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: {
      ...(auth ? { Authorization: auth } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

/** A guest token taken after the catalog knows the guest and its groups. */
async function guestToken() {
  for (let i = 0; i < 120; i++) {
    const res = await fetch('http://localhost:7007/api/auth/guest/refresh', {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (res.ok) {
      const { backstageIdentity } = await res.json();
      if (
        backstageIdentity.identity.ownershipEntityRefs.includes(
          'group:default/release-managers',
        )
      ) {
        return `Bearer ${backstageIdentity.token}`;
      }
    }
    await sleep(1000);
  }
  throw new Error(
    'the guest never became a release manager (catalog not ingested?)',
  );
}

function git(repo, ...args) {
  return execFileSync(
    'git',
    ['-C', join(root, 'data/demo/repos', repo), ...args],
    { encoding: 'utf8' },
  ).trim();
}

const expectStatus = (what, res, status) =>
  assert.equal(
    res.status,
    status,
    `${what}: expected ${status}, got ${res.status} ${JSON.stringify(
      res.body,
    )}`,
  );

async function main() {
  rmSync(join(root, 'data'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'scripts/demo-setup.mjs')], {
    stdio: 'inherit',
  });
  const backend = spawn('npx', ['backstage-cli', 'package', 'start'], {
    cwd: join(root, 'packages/backend'),
    detached: true,
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  backend.stdout.on('data', d => (output += d));
  backend.stderr.on('data', d => (output += d));
  try {
    await waitFor(
      'http://localhost:7007/.backstage/health/v1/readiness',
      240_000,
      backend,
    );
    const guest = await guestToken();
    const tagsBefore = git('cart', 'tag', '--list');

    // A prod promotion waiting for approval, for the pipeline to try to approve.
    const rc = await call('POST', '/promotions', {
      auth: guest,
      body: {
        entityRef: CART,
        environment: 'prod',
        version:
          tagsBefore
            .split('\n')
            .filter(t => /-rc\./.test(t))
            .pop() ?? 'v0.0.0',
      },
    });
    let waiting = rc.status === 201 ? rc.body : undefined;
    if (!waiting) {
      // No rc in the demo: make one through qa first.
      const qa = await call('POST', '/promotions', {
        auth: guest,
        body: { entityRef: CART, environment: 'qa' },
      });
      expectStatus('guest promotes cart to qa', qa, 201);
      for (
        let i = 0;
        i < 60 &&
        (await call('GET', `/promotions/${qa.body.id}`, { auth: guest })).body
          .state !== 'succeeded';
        i++
      )
        await sleep(1000);
      const prod = await call('POST', '/promotions', {
        auth: guest,
        body: {
          entityRef: CART,
          environment: 'prod',
          version: qa.body.version,
        },
      });
      expectStatus('guest asks for prod', prod, 201);
      waiting = prod.body;
    }
    for (
      let i = 0;
      i < 60 &&
      (await call('GET', `/promotions/${waiting.id}`, { auth: guest })).body
        .state !== 'waiting-for-gates';
      i++
    )
      await sleep(500);
    const tags = git('cart', 'tag', '--list');
    const audit = async () =>
      (await call('GET', `/audit?entityRef=${CART}`, { auth: guest })).body
        .items.length;
    // Import cart's environment history now (the first look does), so the
    // scheduled refresh has nothing to add to the trail while we count.
    expectStatus(
      'GET environments of cart',
      await call('GET', `/environments?entityRef=${CART}`, { auth: guest }),
      200,
    );
    const auditBefore = await audit();

    for (const [path, body] of [
      ['/promotions', { entityRef: CART, environment: 'qa' }],
      [`/promotions/${waiting.id}/approve`, {}],
      [`/promotions/${waiting.id}/reject`, { reason: 'no' }],
      [`/promotions/${waiting.id}/abort`, {}],
      ['/promotions', { entityRef: CART, environment: 'prod', rollback: true }],
      ['/refresh', { entityRef: CART }],
      [
        `/promotions/${waiting.id}/votes`,
        { role: 'sre', decision: 'go', reason: 'x' },
      ],
      ['/freezes', { system: 'system:default/shop', reason: 'x' }],
      ['/freezes/lift', { system: 'system:default/shop', reason: 'x' }],
      ['/blessed/unbless', { entityRef: CART, version: '1.0.0', reason: 'x' }],
      [
        '/products/promotions',
        { system: 'system:default/shop', version: '2.1.0', environment: 'qa' },
      ],
    ]) {
      expectStatus(
        `pipeline token POST ${path}`,
        await call('POST', path, { auth: PIPELINE, body }),
        403,
      );
    }
    assert.equal(
      (await call('GET', `/promotions/${waiting.id}`, { auth: guest })).body
        .state,
      'waiting-for-gates',
      'the prod promotion still waits',
    );
    assert.equal(
      git('cart', 'tag', '--list'),
      tags,
      'no tag was written by the pipeline',
    );
    assert.equal(
      await audit(),
      auditBefore,
      'refusals leave the audit trail as it was',
    );

    // People without the rights, signed in as demo users: Ben (a developer
    // in no role) and Sam (SRE) are refused what is not theirs; a forged
    // token and an unknown demo user get no further than sign-in.
    const demo = async name => {
      const res = await fetch('http://localhost:7007/api/auth/demo/refresh', {
        headers: {
          'X-Requested-With': 'XMLHttpRequest',
          'x-releases-demo-user': name,
        },
      });
      return { status: res.status, body: await res.json() };
    };
    expectStatus('demo sign-in as nobody', await demo('nobody'), 401);
    expectStatus('demo sign-in as ../etc', await demo('../etc'), 400);
    const ben = `Bearer ${(await demo('ben')).body.backstageIdentity.token}`;
    const sam = `Bearer ${(await demo('sam')).body.backstageIdentity.token}`;
    for (const [who, auth, path, body] of [
      [
        'ben',
        ben,
        `/promotions/${waiting.id}/votes`,
        { role: 'sre', decision: 'go', reason: 'x' },
      ],
      [
        'sam',
        sam,
        `/promotions/${waiting.id}/votes`,
        { role: 'qa', decision: 'go', reason: 'x' },
      ],
      ['sam', sam, '/freezes', { system: 'system:default/shop', reason: 'x' }],
      [
        'ben',
        ben,
        '/blessed/unbless',
        { entityRef: CART, version: '1.0.0', reason: 'x' },
      ],
      [
        'ben',
        ben,
        '/promotions',
        { entityRef: CART, environment: 'qa', override: { reason: 'x' } },
      ],
      // Ben's team owns storefront, not the product.
      [
        'ben',
        ben,
        '/products/promotions',
        { system: 'system:default/shop', version: '2.1.0', environment: 'qa' },
      ],
    ]) {
      expectStatus(
        `${who} POST ${path}`,
        await call('POST', path, { auth, body }),
        403,
      );
    }
    const forged = `${ben.slice(0, -4)}AAAA`;
    expectStatus(
      'a forged token votes',
      await call('POST', `/promotions/${waiting.id}/votes`, {
        auth: forged,
        body: { role: 'sre', decision: 'go', reason: 'x' },
      }),
      401,
    );
    assert.equal(
      await audit(),
      auditBefore,
      'refused people leave the audit trail as it was',
    );

    // The token is restricted to this plugin: the catalog and others refuse it.
    for (const url of [
      '/api/catalog/entities/by-name/component/default/cart',
      '/api/notifications/',
    ]) {
      const res = await fetch(`http://localhost:7007${url}`, {
        headers: { Authorization: PIPELINE },
      });
      assert.equal(res.status, 403, `pipeline token on ${url}: ${res.status}`);
    }
    // It reads what it reports on: the plugin reads the catalog for it.
    expectStatus(
      'pipeline reads the environments of cart',
      await call('GET', `/environments?entityRef=${CART}`, { auth: PIPELINE }),
      200,
    );

    // Reporting works; reports of anything else do not.
    const report = body =>
      call('POST', '/deployments', {
        auth: PIPELINE,
        body: {
          entityRef: CART,
          environment: 'dev',
          version: 'WIP',
          status: 'succeeded',
          ...body,
        },
      });
    expectStatus('pipeline reports cart WIP in dev', await report({}), 201);
    for (const [body, status] of [
      [{ entityRef: 'component:default/nope' }, 404],
      [{ entityRef: 'user:default/guest' }, 400],
      [{ entityRef: 'group:default/release-managers' }, 400],
      [{ entityRef: 'system:default/shop' }, 400],
      [{ environment: 'moon' }, 400],
      [{ version: 'cart' }, 400],
      [{ version: '<script>alert(1)</script>' }, 400],
      [{ version: '|id' }, 400],
    ]) {
      expectStatus(
        `report ${JSON.stringify(body)}`,
        await report(body),
        status,
      );
    }

    // Test results and change labels: the pipeline may report them, for
    // releases and commits the repository holds, with valid values only.
    const someTag = git('cart', 'tag', '--list').split('\n').filter(Boolean)[0];
    const result = body =>
      call('POST', '/results', {
        auth: PIPELINE,
        body: {
          entityRef: CART,
          version: someTag,
          kind: 'smoke',
          status: 'passed',
          ...body,
        },
      });
    expectStatus(
      `pipeline reports smoke for ${someTag}`,
      await result({}),
      201,
    );
    for (const body of [
      { kind: 'vibes' },
      { status: 'green' },
      { version: '9.9.9' },
      { environment: 'moon' },
      { entityRef: 'system:default/shop' },
    ]) {
      expectStatus(`result ${JSON.stringify(body)}`, await result(body), 400);
    }
    const head = git('cart', 'rev-parse', 'HEAD').trim();
    const labels = body =>
      call('POST', '/changes', {
        auth: PIPELINE,
        body: {
          entityRef: CART,
          change: head,
          labels: { 'ft-coverage': 85 },
          ...body,
        },
      });
    expectStatus(
      'pipeline reports coverage of cart HEAD',
      await labels({}),
      201,
    );
    for (const body of [
      { labels: { change: 'XXL' } },
      { labels: { 'ft-coverage': 140 } },
      { labels: { functional: 'maybe' } },
      { change: 'deadbeef' },
    ]) {
      expectStatus(`labels ${JSON.stringify(body)}`, await labels(body), 400);
    }

    // qa versions that wrote real tags in the field test.
    for (const version of ['1.4.0-rc.-1', '9.9.9', '1.0.0', '0.0.1']) {
      const res = await call('POST', '/promotions', {
        auth: guest,
        body: { entityRef: CART, environment: 'qa', version },
      });
      expectStatus(`guest asks qa for ${version}`, res, 400);
    }
    assert.equal(
      git('cart', 'tag', '--list'),
      tags,
      'no tag was written for a refused version',
    );

    // Unknown refs and malformed queries.
    for (const [path, status] of [
      ['/environments?entityRef=component:default/nope', 404],
      ['/environments?entityRef=user:default/guest', 400],
      ['/matrix?system=system:default/nope', 404],
      ['/audit?entityRef=component:default/nope', 404],
      ['/promotions?entityRef=component:default/nope', 404],
      [`/promotions?entityRef=${CART}&limit=0x10`, 400],
    ]) {
      expectStatus(
        `GET ${path}`,
        await call('GET', path, { auth: guest }),
        status,
      );
    }
    console.log(
      'e2e api: the field test replay gives the expected status codes',
    );
  } catch (error) {
    process.stderr.write(output.slice(-4000));
    throw error;
  } finally {
    try {
      process.kill(-backend.pid, 'SIGTERM');
    } catch {
      // gone
    }
    for (let i = 0; i < 30; i++) {
      try {
        await fetch('http://localhost:7007');
        await sleep(500);
      } catch {
        break;
      }
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
