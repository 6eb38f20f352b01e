// Release managers' controls, in the portal: a freeze of the product holds
// every promotion until it is lifted (someone without the right is refused),
// and a hotfix cut from the Releases tab tags the next patch on the
// release's branch and proposes it to canary.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { root } from './portal.mjs';
import { api, guestToken, latestPromotion, signInAs } from './people.mjs';

const repos = join(root, 'data/demo/repos');
const git = (repo, ...args) =>
  execFileSync('git', ['-C', join(repos, repo), ...args], {
    encoding: 'utf8',
  }).trim();

const MATRIX = 'http://localhost:3000/catalog/default/system/shop/environments';

async function giveReason(page, reason, confirm) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
}

export async function controlsFlow(browser, page, shots) {
  const token = await guestToken();

  // Paula (product) may not freeze: the portal shows the backend's refusal.
  const paula = await signInAs(browser, 'Paula Jensen');
  await paula.goto(MATRIX);
  await paula.getByRole('button', { name: 'Freeze promotions' }).click();
  await giveReason(paula, 'e2e: not mine to freeze', 'Freeze');
  await paula.getByText('Freeze refused').first().waitFor();
  await paula.context().close();
  console.log('e2e: a product manager may not freeze the product');

  // The guest, a release manager, freezes shop: a promotion waits.
  await page.goto(MATRIX);
  await page.getByRole('button', { name: 'Freeze promotions' }).click();
  await giveReason(page, 'e2e: payment provider incident', 'Freeze');
  await page.getByText('Promotions of shop are frozen').first().waitFor();
  await page.getByText('e2e: payment provider incident').first().waitFor();
  await page.screenshot({
    path: join(shots, 'product-frozen.png'),
    fullPage: true,
  });
  // The Promotion tab shows the freeze and offers no promotion; one asked
  // for through the API waits for the freeze to be lifted.
  const storefront =
    'http://localhost:3000/catalog/default/component/storefront/promotion';
  await page.goto(storefront);
  await page.getByText('Promotions are frozen').first().waitFor();
  await page
    .getByRole('combobox', { name: 'Target environment' })
    .selectOption('qa');
  assert.ok(
    await page.getByRole('button', { name: 'Promote to qa' }).isDisabled(),
    'no promotion starts from the tab of a frozen product',
  );
  const held = await api('POST', '/promotions', {
    token,
    body: { entityRef: 'component:default/storefront', environment: 'qa' },
  });
  assert.equal(held.status, 201, `storefront to qa: ${held.status}`);
  await page.reload();
  await page
    .getByText(/Pending\. Waits for: .*frozen/)
    .first()
    .waitFor({ timeout: 60_000 });
  assert.equal(
    (await latestPromotion(token, 'storefront', 'qa')).state,
    'waiting-for-gates',
    'a frozen product holds the promotion',
  );
  console.log('e2e: a frozen product holds the storefront promotion');

  await page.goto(MATRIX);
  await page.getByRole('button', { name: 'Lift freeze' }).click();
  await giveReason(page, 'e2e: incident resolved', 'Lift freeze');
  await page.getByRole('button', { name: 'Freeze promotions' }).waitFor();
  // It may finish before the tab opens (then the tab shows no progress
  // card): ask the API, then see the version in the tab.
  let state;
  for (let i = 0; i < 60; i++) {
    state = (await latestPromotion(token, 'storefront', 'qa')).state;
    if (state === 'succeeded') break;
    await sleep(1000);
  }
  assert.equal(state, 'succeeded', 'the held promotion ran after the lift');
  await page.goto(storefront);
  await page
    .getByRole('table')
    .getByText(held.body.version, { exact: true })
    .first()
    .waitFor();
  console.log('e2e: lifting the freeze lets it go');

  // A hotfix of payments v1.10.0 with the webhook fix from main.
  const fix = git(
    'payments',
    'log',
    '--format=%H',
    '-1',
    '--grep=^fix(webhooks): ignore duplicate refund notifications',
  );
  assert.ok(fix, 'payments has the webhook fix on main');
  await page.goto(
    'http://localhost:3000/catalog/default/component/payments/releases',
  );
  await page.getByRole('button', { name: 'Cut hotfix' }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByRole('combobox', { name: 'Release to fix' })
    .selectOption('v1.10.0');
  await dialog.getByRole('textbox', { name: 'Fix' }).fill(fix.slice(0, 10));
  await dialog.getByRole('button', { name: 'Cut hotfix' }).click();
  await dialog.getByText('Cut v1.10.1 on release/1.10').waitFor();
  await dialog.screenshot({ path: join(shots, 'hotfix-cut.png') });
  assert.equal(
    git('payments', 'rev-parse', 'v1.10.1^{commit}'),
    git('payments', 'rev-parse', 'release/1.10'),
    'the patch tag is on the release branch',
  );
  assert.match(
    git('payments', 'log', '-1', '--format=%B', 'release/1.10'),
    new RegExp(`cherry picked from commit ${fix}`),
  );
  const proposed = await latestPromotion(token, 'payments', 'canary');
  assert.equal(proposed.version, 'v1.10.1', 'the patch is proposed to canary');
  console.log('e2e: a hotfix cut v1.10.1 on release/1.10, proposed to canary');
}
