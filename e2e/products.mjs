// Product releases, in the portal: the System's Releases tab shows the next
// product version of shop from its components' newest releases, with the
// bundled changelog, and cuts it: product.yaml tagged in the product
// repository, listing every component at its newest final release.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { root } from './portal.mjs';

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
}
