// The demo's people for end-to-end tests: a browser page signed in as a
// catalog user (the demo sign-in, development only), their API token, and
// the pipeline's results reported through the CLI with the pipeline token.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { root } from './portal.mjs';

const BACKEND = 'http://localhost:7007';
export const PIPELINE_TOKEN =
  process.env.RELEASES_PIPELINE_TOKEN ?? 'local-pipeline-token-change-me';

/** A new browser context signed in as `title` (the button of the demo sign-in). */
export async function signInAs(browser, title) {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto('http://localhost:3000');
  await page.getByRole('button', { name: `Sign in as ${title}` }).click();
  // Signed in once the sidebar is there (the catalog may list nothing the
  // person owns).
  await page.getByText('Switch user').first().waitFor();
  return page;
}

/** The guest's token (user:default/guest, a release manager). */
export async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert.equal(res.status, 200, 'guest sign-in works');
  return (await res.json()).backstageIdentity.token;
}

/** The Backstage token of demo user `name` (e.g. `sam`). */
export async function demoToken(name) {
  const res = await fetch(`${BACKEND}/api/auth/demo/refresh`, {
    headers: {
      'X-Requested-With': 'XMLHttpRequest',
      'x-releases-demo-user': name,
    },
  });
  assert.equal(res.status, 200, `demo sign-in as ${name}: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** Calls the releases API; returns `{ status, body }`. */
export async function api(method, path, { token, body } = {}) {
  const res = await fetch(`${BACKEND}/api/releases${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, body: parsed };
}

/** The newest promotion of a component to an environment. */
export async function latestPromotion(token, component, environment) {
  const res = await api(
    'GET',
    `/promotions?entityRef=component:default/${component}`,
    { token },
  );
  assert.equal(res.status, 200, `GET promotions of ${component}`);
  const found = res.body.items.find(p => p.environment === environment);
  assert.ok(found, `${component} has a promotion to ${environment}`);
  return found;
}

/** A test result reported as a pipeline would: the CLI with the pipeline token. */
export function reportResult(component, version, kind, status, environment) {
  return execFileSync(
    process.execPath,
    [
      join(root, 'packages/cli/bin/releases'),
      'results',
      'report',
      '--url',
      `${BACKEND}/api/releases`,
      '--entity',
      `component:default/${component}`,
      '--version',
      version,
      '--kind',
      kind,
      '--status',
      status,
      ...(environment ? ['--environment', environment] : []),
      '--summary',
      `e2e: ${kind} ${status}`,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, RELEASES_TOKEN: PIPELINE_TOKEN },
    },
  );
}
