// End-to-end test: starts the demo portal, signs in as guest in Debian's
// Chromium, opens a component's Releases tab and checks that it shows the
// next version and changelog the engine computes from the component's demo
// Git repository; promotes it through the environments and rolls it back
// (e2e/promotion.mjs), and promotes releases of medium and high risk
// through their gates (e2e/judgement.mjs), freezes the product and cuts a
// hotfix (e2e/controls.mjs), and cuts a product release (e2e/products.mjs).
// Then restarts the portal and checks that the stored
// state survived (the refresh time is unchanged). Resets data/ first.
// Run with `npm run test:e2e`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { rmSync } from 'node:fs';
import { root, startPortal } from './portal.mjs';
import { promotionFlow } from './promotion.mjs';
import { judgementFlow } from './judgement.mjs';
import { controlsFlow } from './controls.mjs';
import {
  pipelineTraceFlow,
  productsFlow,
  promoteProductFlow,
  schemaFlow,
} from './products.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const COMPONENT = 'cart';
const shots = join(root, 'e2e', 'screenshots');
mkdirSync(shots, { recursive: true });

function releasesCli(...args) {
  return execFileSync(
    process.execPath,
    [join(root, 'packages/cli/bin/releases'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
}

async function guestToken() {
  const res = await fetch('http://localhost:7007/api/auth/guest/refresh', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert.equal(res.status, 200, 'guest sign-in works');
  return (await res.json()).backstageIdentity.token;
}

async function apiState(token) {
  const res = await fetch(
    `http://localhost:7007/api/releases/unreleased?entityRef=component:default/${COMPONENT}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  assert.equal(res.status, 200, `GET unreleased: ${await res.clone().text()}`);
  return res.json();
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM} (install Debian's chromium package)`,
    );
  }
  // The test promotes and tags: start from fresh demo data every time.
  console.log('e2e: resetting the demo data in data/');
  rmSync(join(root, 'data'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'scripts/demo-setup.mjs')], {
    stdio: 'inherit',
  });
  const repo = join(root, 'data/demo/repos', COMPONENT);
  const expected = JSON.parse(
    releasesCli('next-version', '--repo', repo, '--json'),
  );
  const changelog = JSON.parse(
    releasesCli('changelog', '--repo', repo, '--format', 'json'),
  );
  assert.ok(expected.next, `demo repo ${COMPONENT} has something to release`);
  const firstEntry = changelog.sections[0].entries[0];

  // Keep the scheduled refresh from running during the test, so the
  // restart check below sees only what was stored.
  const env = { APP_CONFIG_releases_refresh_initialDelay: '{"minutes":30}' };
  let portal = await startPortal({ env });
  let before;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  try {
    page.setDefaultTimeout(60_000);
    await page.goto('http://localhost:3000');
    await page.getByRole('button', { name: /enter/i }).click();
    // Wait for the signed-in catalog before navigating, or the session is lost.
    await page
      .getByRole('link', { name: /^cart$/i })
      .first()
      .waitFor();
    await page.goto(
      `http://localhost:3000/catalog/default/component/${COMPONENT}/releases`,
    );
    await page.getByText(expected.next, { exact: false }).first().waitFor();
    await page
      .getByText(firstEntry.description, { exact: false })
      .first()
      .waitFor();
    if (expected.current) {
      await page
        .getByText(expected.current, { exact: false })
        .first()
        .waitFor();
    }
    await page.screenshot({
      path: join(shots, 'releases-tab.png'),
      fullPage: true,
    });
    console.log(
      `e2e: Releases tab shows ${expected.current} -> ${expected.next} and "${firstEntry.description}"`,
    );

    // A component without the annotation shows how to set it up.
    await page.goto(
      'http://localhost:3000/catalog/default/component/legacy-admin/releases',
    );
    await page
      .getByText('releases-for-backstage.io/git-repo')
      .first()
      .waitFor();

    // First: the flows below cut tags newer than the ones the demo traced.
    await pipelineTraceFlow(page, shots);
    await promotionFlow(browser, page, expected.next, shots);
    await judgementFlow(page, shots);
    await controlsFlow(browser, page, shots);
    const productTag = await productsFlow(page, shots);
    await promoteProductFlow(page, shots, productTag);
    await schemaFlow();

    // Read last: promotions that tag re-read the releases.
    before = await apiState(await guestToken());
    assert.equal(
      before.current,
      expected.next,
      'the releases show the tag prod created',
    );
  } catch (error) {
    await page
      .screenshot({ path: join(shots, 'failure.png'), fullPage: true })
      .catch(() => {});
    throw error;
  } finally {
    await browser.close();
    await portal.stop();
  }

  portal = await startPortal({ env });
  try {
    const after = await apiState(await guestToken());
    assert.equal(
      after.refreshedAt,
      before.refreshedAt,
      'state read before the restart is served after it',
    );
    assert.equal(after.current, before.current);
    console.log('e2e: state survived a restart');
  } finally {
    await portal.stop();
  }
}

main().then(
  () => console.log('e2e: passed'),
  error => {
    console.error(`e2e: FAILED: ${error.stack ?? error}`);
    process.exit(1);
  },
);
