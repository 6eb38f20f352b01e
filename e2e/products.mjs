// Product releases, in the portal: the System's Releases tab shows the next
// product version of shop from its components' newest releases, with the
// bundled changelog, and cuts it: product.yaml tagged in the product
// repository, listing every component at its newest final release. Then
// promotes it to qa as one promotion: one commit of environment/qa moves
// every component. Last, the database schema: a rollback of checkout in
// staging across migration 5 is refused, payments' compatible one goes.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { root } from './portal.mjs';
import { api, guestToken } from './people.mjs';

const repos = join(root, 'data/demo/repos');
const git = (repo, ...args) =>
  execFileSync('git', ['-C', join(repos, repo), ...args], {
    encoding: 'utf8',
  }).trim();

export async function productsFlow(page, shots) {
  const before = git('shop-product.git', 'tag', '--list');
  await page.goto('http://localhost:3000/catalog/default/system/shop/releases');
  const next = page.getByText(/^Cut product release$/).first();
  await next.waitFor({ timeout: 60_000 });
  // cart has a release the last product release does not have.
  await page.getByRole('table', { name: 'Component changes' }).waitFor();
  await page
    .getByRole('table', { name: 'Component changes' })
    .getByText('cart')
    .first()
    .waitFor();
  await page.screenshot({
    path: join(shots, 'product-releases.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Cut product release' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Cut release' }).click();
  const cut = page.getByText(/^Cut v\d+\.\d+\.\d+ \(/).first();
  await cut.waitFor({ timeout: 60_000 });
  const tag = /^Cut (v\d+\.\d+\.\d+)/.exec(await cut.textContent())[1];
  assert.ok(!before.split('\n').includes(tag), `${tag} is new`);
  const manifest = git('shop-product.git', 'show', `${tag}:product.yaml`);
  const cartTag = git('cart', 'tag', '--list', 'v*', '--sort=-v:refname')
    .split('\n')
    .find(t => !t.includes('-'));
  assert.match(
    manifest,
    new RegExp(`cart: \\{ version: ${cartTag.slice(1)}, tag: ${cartTag} \\}`),
    'the manifest lists cart at its newest final release',
  );
  console.log(
    `e2e: cut the product release ${tag} of shop with cart ${cartTag}`,
  );
  return tag;
}

/**
 * The pipeline traces `npm start` reported (scripts/demo-seed.mjs): the
 * newest inventory release failed its vulnerability scan, and its
 * Releases tab shows the stages with their links.
 */
export async function pipelineTraceFlow(page, shots) {
  const tag = git('inventory', 'tag', '--list', 'v*', '--sort=-creatordate')
    .split('\n')
    .filter(Boolean)[0];
  await page.goto(
    'http://localhost:3000/catalog/default/component/inventory/releases',
  );
  // The history table renders twice as its data arrives: wait for the
  // releases to settle before expanding one.
  await page.getByText('Read from Git').first().waitFor({ timeout: 60_000 });
  const toggle = page.getByRole('button', {
    name: `Show changes of ${tag.slice(1)}`,
  });
  const table = page.getByRole('table', { name: `Pipeline of ${tag}` });
  for (let i = 0; i < 5 && !(await table.isVisible()); i++) {
    await toggle.click({ timeout: 60_000 });
    await table.waitFor({ timeout: 10_000 }).catch(() => {});
  }
  await table.waitFor({ timeout: 60_000 });
  const rows = (await table.getByRole('row').allTextContents()).slice(1);
  console.log(`e2e: ${tag} pipeline rows: ${JSON.stringify(rows)}`);
  assert.deepEqual(
    rows.map(r => /^[a-z-]+(?=running|succeeded|failed|skipped)/.exec(r)?.[0]),
    ['clone', 'build', 'unit-tests', 'vulnerability-scan'],
    `the stages of ${tag} in pipeline order, up to the failed scan`,
  );
  assert.match(rows[3], /failed.*1 critical finding/);
  const run = table.getByRole('link', {
    name: `Run of vulnerability-scan for ${tag}, Opens in a new window`,
  });
  assert.match(
    await run.getAttribute('href'),
    /^https:\/\/ci\.shop\.example\.com\/inventory\/runs\/\d+#vulnerability-scan$/,
  );
  // The chart version follows releases.artifacts.chartVersion of app-config.yaml.
  const sha = git('inventory', 'rev-list', '-n', '1', tag).slice(0, 7);
  await page
    .getByText(`inventory-${tag.slice(1).replace(/\./g, '-')}-${sha}`)
    .first()
    .waitFor({ timeout: 10_000 });
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'pipeline-trace.png') });
  console.log(`e2e: the demo's pipeline trace of inventory ${tag} is shown`);
}

/** Promotes the product release `tag` to qa from its row; checks the one commit. */
export async function promoteProductFlow(page, shots, tag) {
  const env = 'shop-environments';
  // qa runs newer candidates than the product release: storefront gets one
  // here (the earlier flows may have moved others), so qa has something
  // to go back to.
  const token = await guestToken();
  const ahead = await api('POST', '/promotions', {
    token,
    body: { entityRef: 'component:default/storefront', environment: 'qa' },
  });
  assert.equal(ahead.status, 201, JSON.stringify(ahead.body));
  for (let i = 0; ; i++) {
    const p = await api('GET', `/promotions/${ahead.body.id}`, { token });
    if (p.body.state === 'succeeded') break;
    assert.ok(
      i < 120 &&
        !['failed', 'rejected', 'rolled-back', 'aborted'].includes(
          p.body.state,
        ),
      `storefront reached qa: ${JSON.stringify(p.body)}`,
    );
    await new Promise(r => setTimeout(r, 1000));
  }
  const before = git(env, 'rev-parse', 'environment/qa');
  const version = tag.slice(1);
  await page.goto('http://localhost:3000/catalog/default/system/shop/releases');
  await page
    .getByRole('button', { name: `Promote shop ${version}` })
    .click({ timeout: 60_000 });
  const dialog = page.getByRole('dialog', { name: `Promote shop ${version}` });
  await dialog.getByLabel('Environment').selectOption('qa');
  await dialog.getByRole('button', { name: 'Promote to qa' }).dblclick();
  await dialog
    .getByText(/^Product promotion [0-9a-f]{8} of shop .* to qa:$/)
    .waitFor({ timeout: 60_000 });
  await dialog.getByText('succeeded', { exact: true }).first().waitFor({
    timeout: 120_000,
  });
  await page.screenshot({
    path: join(shots, 'product-promotion.png'),
    fullPage: true,
  });
  const subjects = git(env, 'log', '--format=%s', `${before}..environment/qa`)
    .split('\n')
    .filter(Boolean);
  assert.deepEqual(
    subjects,
    [`promote(shop): ${tag} to qa`],
    'one commit on environment/qa, even after a double click',
  );
  const manifest = git('shop-product.git', 'show', `${tag}:product.yaml`);
  const file = git(env, 'show', 'environment/qa:environment.yaml');
  const changed = git(env, 'diff', '--stat', before, 'environment/qa');
  for (const [, name, componentVersion] of manifest.matchAll(
    /^ {2}(\w+): \{ version: ([^,]+), tag: ([^ ]+) \}$/gm,
  )) {
    assert.match(
      file,
      new RegExp(
        `${name}:\\n\\s+version: "?[a-z-]*v${componentVersion.replace(
          /\./g,
          '\\.',
        )}`,
      ),
      `qa runs ${name} ${componentVersion} (or its candidate)`,
    );
  }
  assert.match(changed, /environment\.yaml/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  // The System's environments card says qa runs this product release.
  await page
    .getByRole('table', { name: /what each environment runs/i })
    .getByText(`shop ${version}`)
    .first()
    .waitFor({ timeout: 60_000 });
  console.log(`e2e: promoted shop ${tag} to qa in one commit`);
}

/**
 * Rollbacks: refused across checkout's migration 5 in canary, allowed for
 * payments in staging (environments the earlier flows leave as the demo has them).
 */
export async function schemaFlow() {
  const token = await guestToken();
  const refused = await api('POST', '/promotions', {
    token,
    body: {
      entityRef: 'component:default/checkout',
      environment: 'canary',
      rollback: true,
      reason: 'e2e: try to undo migration 5',
    },
  });
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.match(
    refused.body.error.message,
    /^checkout v2\.7\.0 cannot go to canary: its database schema is 4 and canary runs schema 5/,
  );
  const allowed = await api('POST', '/promotions', {
    token,
    body: {
      entityRef: 'component:default/payments',
      environment: 'staging',
      rollback: true,
      reason: 'e2e: settlements are additive',
    },
  });
  assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
  assert.deepEqual(allowed.body.schema, {
    environment: 2,
    release: 1,
    compatibleUpTo: 2,
    runs: 2,
  });
  // Only its creation was the point: leave staging as it was.
  const aborted = await api('POST', `/promotions/${allowed.body.id}/abort`, {
    token,
    body: { reason: 'e2e: schema check done' },
  });
  // 409: the engine had already started it, which is as good.
  assert.ok([200, 409].includes(aborted.status), JSON.stringify(aborted.body));
  console.log(
    "e2e: the schema refused checkout's rollback and let payments' through",
  );
}
