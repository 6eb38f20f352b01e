// The promotion part of the end-to-end test: in the portal, promote the
// demo component cart qa -> staging -> canary -> prod (approving prod) and
// roll prod back, and check the tags in its repository and the prod branch
// of the environment repository after each step.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { root } from './portal.mjs';

const repos = join(root, 'data/demo/repos');
const git = (repo, ...args) =>
  execFileSync('git', ['-C', join(repos, repo), ...args], {
    encoding: 'utf8',
  }).trim();
const envFile = env =>
  git('shop-environments', 'show', `environment/${env}:environment.yaml`);
const cartVersionIn = env =>
  /cart:\n\s+version: "?([^"\n]+)"?/.exec(envFile(env))?.[1];

async function promote(page, environment) {
  await page
    .getByRole('combobox', { name: 'Target environment' })
    .selectOption(environment);
  await page.getByRole('button', { name: `Promote to ${environment}` }).click();
  await page
    .getByText(/State:\s*succeeded/)
    .first()
    .waitFor({ timeout: 60_000 });
}

export async function promotionFlow(page, expectedNext, shots) {
  const base = 'http://localhost:3000/catalog/default/component/cart/promotion';
  await page.goto(base);
  const prodBefore = cartVersionIn('prod');

  await promote(page, 'qa');
  const rc = `v${expectedNext}-rc.1`;
  assert.equal(
    git('cart', 'tag', '--list', `v${expectedNext}-rc.*`),
    rc,
    'qa created the first rc',
  );
  assert.equal(cartVersionIn('qa'), rc);
  console.log(`e2e: promoted cart to qa as ${rc}`);

  await page.goto(base);
  await promote(page, 'staging');
  assert.equal(cartVersionIn('staging'), rc);

  // canary is a production environment: it makes the final tag from the rc.
  await page.goto(base);
  await promote(page, 'canary');
  const final = `v${expectedNext}`;
  assert.equal(
    git('cart', 'rev-list', '-n1', final),
    git('cart', 'rev-list', '-n1', rc),
    'final tag on the rc commit',
  );
  assert.equal(cartVersionIn('canary'), final);

  // prod waits for approval (app-config.yaml): nothing is written until then.
  await page.goto(base);
  await page
    .getByRole('combobox', { name: 'Target environment' })
    .selectOption('prod');
  await page.getByRole('button', { name: 'Promote to prod' }).click();
  await page
    .getByText('Waiting for approval')
    .first()
    .waitFor({ timeout: 60_000 });
  assert.equal(
    cartVersionIn('prod'),
    prodBefore,
    'prod branch unchanged while the promotion waits',
  );
  await page.screenshot({
    path: join(shots, 'promotion-tab.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByRole('textbox', { name: 'Comment (optional)' })
    .fill('canary looks healthy');
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await page
    .getByText(/State:\s*succeeded/)
    .first()
    .waitFor({ timeout: 60_000 });
  console.log('e2e: prod waited for approval, approved in the portal');
  assert.equal(
    cartVersionIn('prod'),
    final,
    'prod branch records the final version',
  );
  assert.match(
    git('shop-environments', 'log', '-1', '--format=%s', 'environment/prod'),
    new RegExp(`promote\\(cart\\): ${final} to prod`),
  );
  console.log(`e2e: promoted cart to prod as ${final}; prod branch changed`);

  // The guest is a release manager: the outcome is in their notifications.
  await page.goto('http://localhost:3000/notifications');
  await page.getByText(`cart: ${final} to prod succeeded`).first().waitFor();
  console.log('e2e: the notifications page lists the prod promotion');

  // The Environments card on the overview shows it in the prod row.
  await page.goto('http://localhost:3000/catalog/default/component/cart');
  await page
    .getByRole('row', { name: /^\s*prod\b/i })
    .getByText(final, { exact: true })
    .first()
    .waitFor();
  console.log(`e2e: the Environments card shows prod at ${final}`);

  // The product matrix shows it in the cart row.
  await page.goto(
    'http://localhost:3000/catalog/default/system/shop/environments',
  );
  await page
    .getByRole('row', { name: /cart/i })
    .getByText(final, { exact: true })
    .first()
    .waitFor();
  await page.screenshot({
    path: join(shots, 'product-matrix.png'),
    fullPage: true,
  });
  console.log(`e2e: the product matrix shows cart at ${final}`);

  // The Environments table shows it, then a rollback returns prod to what it ran before.
  await page.goto(base);
  await page
    .getByRole('table')
    .getByText(final, { exact: true })
    .first()
    .waitFor();
  await page.getByRole('button', { name: 'Roll back prod' }).click();
  // A rollback asks why; the button stays disabled until it is told.
  const rollbackDialog = page.getByRole('dialog');
  await rollbackDialog
    .getByRole('textbox', { name: 'Reason' })
    .fill('e2e: back to the version prod ran before');
  await rollbackDialog.getByRole('button', { name: 'Roll back' }).click();
  await page
    .getByText(/State:\s*succeeded/)
    .first()
    .waitFor({ timeout: 60_000 });
  assert.equal(
    cartVersionIn('prod'),
    prodBefore,
    'rollback restored the previous prod version',
  );
  console.log(`e2e: rolled prod back to ${prodBefore}`);
}
