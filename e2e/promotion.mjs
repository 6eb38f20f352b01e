// The promotion part of the end-to-end test: in the portal, promote the
// low-risk demo component cart qa -> staging -> canary -> prod (where a
// veto blocks until every role votes go, each as their demo user) and
// roll prod back, and check the tags in its repository and the prod branch
// of the environment repository after each step.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { root } from './portal.mjs';
import {
  api,
  demoToken,
  guestToken,
  latestPromotion,
  signInAs,
} from './people.mjs';

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

export async function promotionFlow(browser, page, expectedNext, shots) {
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
  // staging chooses its gate by risk: cart's changes are small, low risk.
  await promote(page, 'staging');
  assert.equal(cartVersionIn('staging'), rc);
  await page
    .getByText(/^Met: low risk/)
    .first()
    .waitFor();
  console.log('e2e: low-risk cart went to staging without waiting');

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

  // prod waits for a go from every role (app-config.yaml): nothing is
  // written until then, and the guest, a release manager, has no vote.
  await page.goto(base);
  await page
    .getByRole('combobox', { name: 'Target environment' })
    .selectOption('prod');
  await page.getByRole('button', { name: 'Promote to prod' }).click();
  const votes = page.getByText('Go/no-go votes');
  await votes.first().waitFor({ timeout: 60_000 });
  await page.getByText('Not voted yet').first().waitFor();
  assert.equal(
    await page.getByRole('button', { name: /^Go for / }).count(),
    0,
    'the guest holds no voting role',
  );
  const token = await guestToken();
  const waiting = await latestPromotion(token, 'cart', 'prod');
  assert.equal(waiting.state, 'waiting-for-gates');

  // Sam (SRE) vetoes in his own browser: the reason is shown to everyone.
  const sam = await signInAs(browser, 'Sam Kowalski');
  await sam.goto(base);
  try {
    await sam.getByRole('button', { name: 'No-go for sre' }).click();
    const veto = sam.getByRole('dialog');
    await veto
      .getByRole('textbox', { name: 'Reason' })
      .fill('error budget of checkout is spent this week');
    await veto.getByRole('button', { name: 'No-go', exact: true }).click();
    await sam.getByText('No-go from sre (sam)').first().waitFor();
  } catch (error) {
    await sam.screenshot({
      path: join(shots, 'failure-sam.png'),
      fullPage: true,
    });
    throw error;
  }
  await page.reload();
  const vetoAlert = page
    .getByRole('alert')
    .filter({ hasText: 'No-go from sre (sam)' });
  await vetoAlert
    .getByText('error budget of checkout is spent this week')
    .waitFor();
  await page
    .getByText('Go/no-go votes')
    .locator('xpath=ancestor::*[contains(@class,"MuiCard-root")][1]')
    .screenshot({ path: join(shots, 'vote-veto.png') });
  assert.equal(
    cartVersionIn('prod'),
    prodBefore,
    'prod branch unchanged while a veto stands',
  );
  console.log('e2e: a no-go from sre blocks prod, its reason shown');

  // A vote of a role one does not hold is refused.
  const refused = await api('POST', `/promotions/${waiting.id}/votes`, {
    token: await demoToken('sam'),
    body: { role: 'qa', decision: 'go', reason: 'not mine to give' },
  });
  assert.equal(refused.status, 403, 'sam may not vote for qa');

  // Sam changes his mind; the other roles vote go: prod is written.
  await sam.getByRole('button', { name: 'Go for sre', exact: true }).click();
  const go = sam.getByRole('dialog');
  await go
    .getByRole('textbox', { name: 'Reason' })
    .fill('budget restored after the checkout fix');
  await go.getByRole('button', { name: 'Go', exact: true }).click();
  await sam.context().close();
  for (const [name, role] of [
    ['quinn', 'qa'],
    ['carol', 'module-lead'],
    ['paula', 'product'],
  ]) {
    const res = await api('POST', `/promotions/${waiting.id}/votes`, {
      token: await demoToken(name),
      body: { role, decision: 'go', reason: `e2e: ${role} is happy` },
    });
    assert.equal(
      res.status,
      201,
      `${name} votes go for ${role}: ${res.status}`,
    );
  }
  await page
    .getByText(/State:\s*succeeded/)
    .first()
    .waitFor({ timeout: 60_000 });
  assert.equal(
    cartVersionIn('prod'),
    final,
    'prod branch records the final version',
  );
  assert.match(
    git('shop-environments', 'log', '-1', '--format=%s', 'environment/prod'),
    new RegExp(`promote\\(cart\\): ${final} to prod`),
  );
  const body = git(
    'shop-environments',
    'log',
    '-1',
    '--format=%B',
    'environment/prod',
  );
  assert.match(body, /^Vote: sre go "Sam Kowalski|^Vote: sre go /m);
  assert.match(body, /^Vote: product go /m);
  console.log(
    'e2e: every role voted go; the votes are trailers of the prod commit',
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
