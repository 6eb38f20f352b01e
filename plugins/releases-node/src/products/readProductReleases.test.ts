import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GitFixture } from '../testUtils';
import { GitRepository } from '../git/GitRepository';
import { InvalidProductReleaseError } from './errors';
import { readProductReleases } from './readProductReleases';

// Every case runs Git many times: on a loaded machine 5 s is not enough.
jest.setTimeout(60_000);

function manifestText(version: string, cart: string, extra = ''): string {
  return `product: shop\nversion: ${version}\ncomponents:\n  cart: { version: ${cart}, tag: v${cart} }\n${extra}`;
}

function commitManifest(
  fx: GitFixture,
  text: string,
  path = 'product.yaml',
): string {
  mkdirSync(dirname(join(fx.dir, path)), { recursive: true });
  writeFileSync(join(fx.dir, path), text);
  fx.git('add', path);
  fx.git('commit', '--quiet', '--no-verify', '-m', `chore: ${path}`);
  return fx.head();
}

describe('readProductReleases', () => {
  let fx: GitFixture;
  beforeEach(() => {
    fx = GitFixture.create();
  });
  afterEach(() => fx.cleanup());

  it('reads every release with its manifest, newest first by SemVer, and reports the tags it skips', async () => {
    fx.commit('feat: first commit, before any manifest');
    fx.tag('v0.9.0');
    const v100 = commitManifest(fx, manifestText('1.0.0', '1.4.0'));
    fx.tag('v1.0.0', { annotated: true });
    const v110 = commitManifest(
      fx,
      `# shop, as shipped\n${manifestText('1.1.0', '1.5.0')}`,
    );
    fx.tag('v1.1.0', { annotated: true });
    commitManifest(
      fx,
      manifestText(
        '1.2.0',
        '1.5.0',
        '  checkout: { version: 2.7, tag: v2.7 }\n',
      ),
    );
    fx.tag('v1.2.0', { annotated: true });
    commitManifest(fx, manifestText('1.2.9', '1.5.1'));
    fx.tag('v1.3.0');
    const v1100 = commitManifest(fx, manifestText('1.10.0', '1.6.0'));
    fx.tag('v1.10.0');
    const rc = commitManifest(fx, manifestText('2.0.0-rc.1', '2.0.0-rc.1'));
    fx.tag('v2.0.0-rc.1', { annotated: true });
    fx.tag('cart-v9.9.9'); // another prefix: not the product's
    fx.tag('latest'); // not a version

    const repo = await GitRepository.open(fx.dir);
    const { releases, skipped } = await readProductReleases(repo);

    expect(releases.map(r => [r.tag, r.version, r.sha])).toEqual([
      ['v2.0.0-rc.1', '2.0.0-rc.1', rc],
      ['v1.10.0', '1.10.0', v1100],
      ['v1.1.0', '1.1.0', v110],
      ['v1.0.0', '1.0.0', v100],
    ]);
    expect(releases[2].manifest).toEqual({
      product: 'shop',
      version: '1.1.0',
      components: { cart: { version: '1.5.0', tag: 'v1.5.0' } },
    });
    expect(releases[3].date).toMatch(/^2026-01-01T\d\d:\d\d:\d\d/);
    expect(skipped).toEqual([
      { tag: 'v0.9.0', reason: 'no product.yaml in the tagged commit' },
      {
        tag: 'v1.2.0',
        reason: expect.stringMatching(
          /'components\.checkout\.version'.*'2\.7' is not a semantic version/,
        ),
      },
      {
        tag: 'v1.3.0',
        reason: 'product.yaml is of version 1.2.9, the tag of 1.3.0',
      },
    ]);
  });

  it('reads a prefix and a manifest path of its own', async () => {
    commitManifest(fx, manifestText('1.0.0', '1.0.0'), 'deploy/product.yaml');
    fx.tag('shop-v1.0.0');
    fx.tag('v1.0.0');

    const repo = await GitRepository.open(fx.dir);
    const result = await readProductReleases(repo, {
      tagPrefix: 'shop-v',
      manifestPath: 'deploy/product.yaml',
    });
    expect(result.releases.map(r => r.tag)).toEqual(['shop-v1.0.0']);
    expect(result.skipped).toEqual([]);
    // Under the default path the same tag has no manifest.
    expect(
      await readProductReleases(repo, { tagPrefix: 'shop-v' }),
    ).toMatchObject({
      releases: [],
      skipped: [
        { tag: 'shop-v1.0.0', reason: 'no product.yaml in the tagged commit' },
      ],
    });
  });

  it('reads nothing from a repository without tags', async () => {
    fx.commit('feat: start');
    const repo = await GitRepository.open(fx.dir);
    expect(await readProductReleases(repo)).toEqual({
      releases: [],
      skipped: [],
    });
  });

  it.each(['../product.yaml', '/etc/passwd', '-p', 'a//b.yaml'])(
    'refuses the manifest path %s',
    async path => {
      const repo = await GitRepository.open(fx.dir);
      await expect(
        readProductReleases(repo, { manifestPath: path }),
      ).rejects.toThrow(InvalidProductReleaseError);
    },
  );
});
