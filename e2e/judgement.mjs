// Gates chosen by risk, in the portal: checkout's release is medium risk
// and waits in staging for a smoke result from qa; shipping's carries an XL
// functional change, high risk, and waits for the smoke result and a
// release manager's approval in staging, then in prod for approval and every
// role's vote. Results come from the pipeline (the CLI with its token).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { root } from './portal.mjs';
import {
  api,
  demoToken,
  guestToken,
  latestPromotion,
  reportResult,
} from './people.mjs';

const repos = join(root, 'data/demo/repos');
const versionIn = (component, env) =>
  new RegExp(`${component}:\\n\\s+version: "?([^"\\n]+)"?`).exec(
    execFileSync(
      'git',
      [
        '-C',
        join(repos, 'shop-environments'),
        'show',
        `environment/${env}:environment.yaml`,
      ],
      { encoding: 'utf8' },
    ),
  )?.[1];

const tabOf = component =>
  `http://localhost:3000/catalog/default/component/${component}/promotion`;

async function startPromotion(page, environment) {
  await page
    .getByRole('combobox', { name: 'Target environment' })
    .selectOption(environment);
  await page.getByRole('button', { name: `Promote to ${environment}` }).click();
}

const succeeded = page =>
  page
    .getByText(/State:\s*succeeded/)
    .first()
    .waitFor({ timeout: 60_000 });

/** The card of the running promotion, for a screenshot of what it waits for. */
const progressCard = page =>
  page
    .getByText(/State:\s*/)
    .first()
    .locator('xpath=ancestor::*[contains(@class,"MuiCard-root")][1]');

/** Keeps asserting for a few seconds that the promotion still waits. */
async function stillWaits(token, component, environment, why) {
  for (let i = 0; i < 4; i++) {
    await sleep(1000);
    const p = await latestPromotion(token, component, environment);
    assert.equal(p.state, 'waiting-for-gates', why);
  }
}

async function approve(page, comment) {
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByRole('textbox', { name: 'Comment (optional)' })
    .fill(comment);
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
}

export async function judgementFlow(page, shots) {
  const token = await guestToken();

  // Medium: checkout waits in staging for a passed smoke test from qa.
  await page.goto(tabOf('checkout'));
  await startPromotion(page, 'qa');
  await succeeded(page);
  const rc = (await latestPromotion(token, 'checkout', 'qa')).version;
  const stagingBefore = versionIn('checkout', 'staging');
  await page.goto(tabOf('checkout'));
  await startPromotion(page, 'staging');
  await page
    .getByText(/^Met: medium risk/)
    .first()
    .waitFor();
  await page
    .getByText(`a passed smoke result for ${rc} from an isolated test`, {
      exact: false,
    })
    .first()
    .waitFor();
  await progressCard(page).screenshot({
    path: join(shots, 'risk-medium-waits-for-smoke.png'),
  });
  // A failed smoke test keeps it waiting; a passed one lets it go.
  reportResult('checkout', rc, 'smoke', 'failed', 'qa');
  await stillWaits(token, 'checkout', 'staging', 'a failed smoke test holds');
  assert.equal(versionIn('checkout', 'staging'), stagingBefore);
  reportResult('checkout', rc, 'smoke', 'passed', 'qa');
  await succeeded(page);
  assert.equal(versionIn('checkout', 'staging'), rc);
  console.log(
    `e2e: medium-risk checkout ${rc} waited in staging for a smoke result`,
  );

  // High: shipping waits for the smoke test and a release manager.
  await page.goto(tabOf('shipping'));
  await startPromotion(page, 'qa');
  await succeeded(page);
  const shippingRc = (await latestPromotion(token, 'shipping', 'qa')).version;
  await page.goto(tabOf('shipping'));
  await startPromotion(page, 'staging');
  await page
    .getByText(/^Met: high risk/)
    .first()
    .waitFor();
  await page.getByText('Waiting for approval').first().waitFor();
  await progressCard(page).screenshot({
    path: join(shots, 'risk-high-waits-for-approval.png'),
  });
  reportResult('shipping', shippingRc, 'smoke', 'passed', 'qa');
  await stillWaits(
    token,
    'shipping',
    'staging',
    'a high-risk release waits for approval after its smoke test',
  );
  await approve(page, 'e2e: zone table reviewed');
  await succeeded(page);
  assert.equal(versionIn('shipping', 'staging'), shippingRc);
  console.log(
    `e2e: high-risk shipping ${shippingRc} waited for smoke and approval in staging`,
  );

  // In prod the final version (from the same rc, whose smoke test counts)
  // waits for approval and for every role's go.
  const final = shippingRc.replace(/-rc\.\d+$/, '');
  const asked = await api('POST', '/promotions', {
    token,
    body: {
      entityRef: 'component:default/shipping',
      environment: 'prod',
      version: final,
    },
  });
  assert.equal(asked.status, 201, `shipping to prod: ${asked.status}`);
  await page.goto(tabOf('shipping'));
  await page.getByText('Waiting for approval').first().waitFor();
  await page.getByText('Go/no-go votes').first().waitFor();
  await approve(page, 'e2e: canary skipped for the test');
  await stillWaits(token, 'shipping', 'prod', 'approved, but no votes yet');
  for (const [name, role] of [
    ['sam', 'sre'],
    ['quinn', 'qa'],
    ['frank', 'module-lead'],
    ['paula', 'product'],
  ]) {
    const res = await api('POST', `/promotions/${asked.body.id}/votes`, {
      token: await demoToken(name),
      body: { role, decision: 'go', reason: `e2e: ${role} agrees` },
    });
    assert.equal(res.status, 201, `${name} votes for ${role}: ${res.status}`);
  }
  await succeeded(page);
  assert.equal(versionIn('shipping', 'prod'), final);
  console.log(
    `e2e: high-risk shipping ${final} reached prod after approval and four votes`,
  );
}
