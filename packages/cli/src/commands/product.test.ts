import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import { releases } from '../testUtils/releases';

jest.setTimeout(60_000);

describe('releases product', () => {
  let fixtures: GitFixture[];
  let cart: GitFixture;
  let checkout: GitFixture;
  let productRepo: GitFixture;

  function fixture(): GitFixture {
    const fx = GitFixture.create();
    fixtures.push(fx);
    return fx;
  }

  /** A commit tagged as a component release. */
  function release(fx: GitFixture, message: string, tag: string) {
    fx.commit(message);
    fx.tag(tag);
  }

  beforeEach(() => {
    fixtures = [];
    cart = fixture();
    release(cart, 'feat: basket', 'v1.5.0');
    checkout = fixture();
    release(checkout, 'feat: pay', 'v2.7.1');
    productRepo = fixture();
    productRepo.commit('chore: start the product repository');
    productRepo.git('config', 'user.name', 'Release Bot');
    productRepo.git('config', 'user.email', 'bot@example.com');
  });
  afterEach(() => fixtures.forEach(fx => fx.cleanup()));

  const components = () => [
    '--component',
    `cart=${cart.dir}`,
    '--component',
    `checkout=${checkout.dir}`,
  ];

  function product(command: string, ...args: string[]) {
    return releases('product', command, '--repo', productRepo.dir, ...args);
  }

  async function json(command: string, ...args: string[]) {
    const res = await product(command, '--json', ...args);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    return JSON.parse(res.stdout);
  }

  /** What a refused command must leave as it was. */
  function repoState(fx: GitFixture) {
    return {
      refs: fx.git('for-each-ref'),
      status: fx.git('status', '--porcelain', '--untracked-files'),
      commits: fx.git('rev-list', '--count', '--all'),
    };
  }

  async function firstRelease() {
    const res = await product(
      'tag',
      '--product',
      'shop',
      '--version',
      '3.3.0',
      ...components(),
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
  }

  it('computes the first product release from the components', async () => {
    const out = await json(
      'next-version',
      '--product',
      'shop',
      ...components(),
    );
    expect(out).toMatchObject({
      product: 'shop',
      current: null,
      next: '1.0.0',
      nextTag: 'v1.0.0',
      reasons: ['first release of shop: 2 components'],
      manifest: {
        product: 'shop',
        version: '1.0.0',
        components: {
          cart: { version: '1.5.0', tag: 'v1.5.0' },
          checkout: { version: '2.7.1', tag: 'v2.7.1' },
        },
      },
    });
  });

  it('takes the newest final release of each component, with its prefix', async () => {
    const search = fixture();
    release(search, 'feat: find', 'search-v0.3.0');
    search.tag('v9.0.0'); // another prefix: not search's
    release(search, 'feat: faster', 'search-v0.4.0-rc.1'); // not final
    const out = await json(
      'next-version',
      '--product',
      'shop',
      '--component',
      `search=${search.dir},prefix=search-v`,
    );
    expect(out.manifest.components).toEqual({
      search: { version: '0.3.0', tag: 'search-v0.3.0' },
    });
  });

  it('a component minor makes the next product minor, with the reason', async () => {
    await firstRelease();
    release(cart, 'feat: coupons', 'v1.6.0');
    release(checkout, 'fix: rounding', 'v2.7.2');
    const out = await json('next-version', ...components());
    expect(out).toMatchObject({
      current: '3.3.0',
      currentTag: 'v3.3.0',
      next: '3.4.0',
      bump: 'minor',
      reasons: ['cart 1.5.0 -> 1.6.0: minor'],
    });
    const text = await product('next-version', ...components());
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('3.4.0\n');
    expect(text.stderr).toContain('cart 1.5.0 -> 1.6.0: minor');
  });

  it('an added component makes the next product at least minor', async () => {
    await firstRelease();
    const search = fixture();
    release(search, 'feat: find', 'v0.1.0');
    const out = await json(
      'next-version',
      ...components(),
      '--component',
      `search=${search.dir}`,
    );
    expect(out.next).toBe('3.4.0');
    expect(out.reasons).toEqual(['search added at 0.1.0: at least minor']);
  });

  it('says nothing changed when no component moved', async () => {
    await firstRelease();
    const out = await json('next-version', ...components());
    expect(out.next).toBeNull();
    expect(out.nextTag).toBeNull();
    expect(out.reasons).toEqual(['no component changed since 3.3.0']);
    const text = await product('next-version', ...components());
    expect(text).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No component changed since v3.3.0\n',
    });
  });

  it('bundles the changelog, components with breaking changes first', async () => {
    await firstRelease();
    cart.commit('fix: keep the basket on reload');
    cart.tag('v1.5.1');
    checkout.commit('feat(api)!: drop v1 payments');
    checkout.commit('feat: wallets');
    checkout.tag('v3.0.0');
    const res = await product('changelog', ...components());
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const md = res.stdout;
    expect(md).toMatch(/^## shop 4\.0\.0 \(from 3\.3\.0\)/);
    expect(md).toContain('**⚠ BREAKING CHANGES** in checkout');
    expect(md).toContain('### checkout 2.7.1 → 3.0.0');
    expect(md).toContain('### cart 1.5.0 → 1.5.1');
    expect(md.indexOf('### checkout')).toBeLessThan(md.indexOf('### cart'));
    expect(md).toContain('drop v1 payments');
    expect(md).toContain('wallets');
    expect(md).toContain('keep the basket on reload');
    // Only the commits between the two component versions.
    expect(md).not.toContain('basket\n');
    expect(md).not.toMatch(/\* pay/);

    const asJson = await product(
      'changelog',
      '--format',
      'json',
      ...components(),
    );
    const bundle = JSON.parse(asJson.stdout);
    expect(bundle.components.map((c: any) => c.name)).toEqual([
      'checkout',
      'cart',
    ]);
    expect(bundle.breakingChanges).toBe(1);
  });

  it('tags the product: product.yaml committed on the branch and tagged', async () => {
    const before = productRepo.head();
    const res = await product('tag', '--product', 'shop', ...components());
    expect(res).toMatchObject({ code: 0, stdout: 'v1.0.0\n' });
    const commit = productRepo.head();
    expect(productRepo.git('rev-parse', 'HEAD~1')).toBe(before);
    expect(productRepo.git('rev-parse', 'v1.0.0^{commit}')).toBe(commit);
    expect(productRepo.git('cat-file', '-t', 'v1.0.0')).toBe('tag');
    const manifest = productRepo.git('show', 'v1.0.0:product.yaml');
    expect(manifest).toBe(
      [
        'product: shop',
        'version: 1.0.0',
        'components:',
        '  cart: { version: 1.5.0, tag: v1.5.0 }',
        '  checkout: { version: 2.7.1, tag: v2.7.1 }',
      ].join('\n'),
    );
    // The checkout followed its branch: the file is there, nothing is pending.
    expect(readFileSync(join(productRepo.dir, 'product.yaml'), 'utf8')).toBe(
      `${manifest}\n`,
    );
    expect(productRepo.git('status', '--porcelain', '--untracked-files')).toBe(
      '',
    );
    expect(productRepo.git('log', '-1', '--format=%an <%ae>')).toBe(
      'Release Bot <bot@example.com>',
    );

    // Read back as the last product release.
    release(cart, 'feat: coupons', 'v1.6.0');
    const out = await json('tag', ...components());
    expect(out).toEqual({
      tag: 'v1.1.0',
      version: '1.1.0',
      commit: productRepo.head(),
      manifest: {
        product: 'shop',
        version: '1.1.0',
        components: {
          cart: { version: '1.6.0', tag: 'v1.6.0' },
          checkout: { version: '2.7.1', tag: 'v2.7.1' },
        },
      },
    });
  });

  it('tags a bare product repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'releases-bare-'));
    try {
      execFileSync('git', ['clone', '--quiet', '--bare', productRepo.dir, dir]);
      const res = await releases(
        'product',
        'tag',
        '--repo',
        dir,
        '--product',
        'shop',
        '--author',
        'Release Bot <bot@example.com>',
        ...components(),
      );
      expect(res).toMatchObject({ code: 0, stdout: 'v1.0.0\n' });
      expect(
        execFileSync('git', ['show', 'main:product.yaml'], {
          cwd: dir,
          encoding: 'utf8',
        }),
      ).toContain('version: 1.0.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--dry-run writes nothing', async () => {
    const before = repoState(productRepo);
    const out = await json(
      'tag',
      '--dry-run',
      '--product',
      'shop',
      ...components(),
    );
    expect(out).toMatchObject({ tag: 'v1.0.0', commit: null, dryRun: true });
    expect(repoState(productRepo)).toEqual(before);
  });

  describe('refuses and leaves the product repository as it was', () => {
    it('nothing changed: exit 1', async () => {
      await firstRelease();
      const before = repoState(productRepo);
      const res = await product('tag', ...components());
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(
        'nothing to tag: no component changed since v3.3.0',
      );
      expect(res.stdout).toBe('');
      expect(repoState(productRepo)).toEqual(before);
    });

    it('an existing tag', async () => {
      productRepo.tag('v1.0.0');
      const before = repoState(productRepo);
      const res = await product('tag', '--product', 'shop', ...components());
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('tag v1.0.0 already exists');
      expect(repoState(productRepo)).toEqual(before);
    });

    it('a dirty working tree', async () => {
      writeFileSync(join(productRepo.dir, 'notes.txt'), 'draft\n');
      const before = repoState(productRepo);
      const res = await product('tag', '--product', 'shop', ...components());
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('is not clean');
      expect(res.stderr).toContain('notes.txt');
      expect(repoState(productRepo)).toEqual(before);
    });

    it('a branch that moved from the commit the pipeline built', async () => {
      const built = productRepo.head();
      productRepo.commit('docs: someone pushed meanwhile');
      const before = repoState(productRepo);
      const res = await product(
        'tag',
        '--product',
        'shop',
        '--expected-head',
        built,
        ...components(),
      );
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`not at ${built} (--expected-head)`);
      expect(repoState(productRepo)).toEqual(before);
    });

    it('a branch checked out in another work tree', async () => {
      const other = mkdtempSync(join(tmpdir(), 'releases-wt-'));
      rmSync(other, { recursive: true });
      try {
        productRepo.git('worktree', 'add', '--quiet', '-b', 'side', other);
        // `side` is checked out there too: releasing it would move it under that checkout.
        productRepo.git(
          'checkout',
          '--quiet',
          '--ignore-other-worktrees',
          'side',
        );
        const before = repoState(productRepo);
        const res = await product('tag', '--product', 'shop', ...components());
        expect(res.code).not.toBe(0);
        expect(res.stderr).toContain(`'side' is checked out in ${other}`);
        expect(repoState(productRepo)).toEqual(before);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('--version below the computed one: exit 2 naming it', async () => {
      await firstRelease();
      release(cart, 'feat: coupons', 'v1.6.0');
      const before = repoState(productRepo);
      const res = await product('tag', '--version', '3.3.1', ...components());
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(
        '--version 3.3.1 is below 3.4.0, the version the components ask for',
      );
      const bad = await product('tag', '--version', 'v3.5.0', ...components());
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("--version 'v3.5.0'");
      expect(repoState(productRepo)).toEqual(before);

      const above = await json('tag', '--version', '4.0.0', ...components());
      expect(above.tag).toBe('v4.0.0');
    });
  });

  describe('bad options exit 2 naming them', () => {
    it.each([
      [['--component', 'Cart!=x'], "--component name 'Cart!'"],
      [['--component', 'cart'], "--component 'cart' must be <name>=<path>"],
      [['--component', 'cart=/no/such/dir'], '--component cart=/no/such/dir'],
      [
        ['--product', 'shop', '--component', 'cart=.', '--component', 'cart=.'],
        "--component 'cart' is given twice",
      ],
      [[], '--component is required'],
      [['--preset', 'nope', '--component', 'cart=.'], '--preset'],
    ])('%j', async (args, message) => {
      const before = repoState(productRepo);
      for (const command of ['next-version', 'changelog', 'tag']) {
        const res = await product(command, '--product', 'shop', ...args);
        expect(res.code).toBe(2);
        expect(res.stderr).toContain(message);
        expect(res.stdout).toBe('');
      }
      expect(repoState(productRepo)).toEqual(before);
    });

    it('a component path that is not a Git repository', async () => {
      const plain = mkdtempSync(join(tmpdir(), 'releases-plain-'));
      try {
        const res = await product(
          'next-version',
          '--product',
          'shop',
          '--component',
          `cart=${plain}`,
        );
        expect(res.code).toBe(2);
        expect(res.stderr).toContain(`--component cart=${plain}`);
        expect(res.stderr).toContain('not a Git repository');
      } finally {
        rmSync(plain, { recursive: true, force: true });
      }
    });

    it('a component with no final release', async () => {
      const fresh = fixture();
      release(fresh, 'feat: first', 'v0.1.0-rc.1');
      const res = await product(
        'next-version',
        '--product',
        'shop',
        '--component',
        `search=${fresh.dir}`,
      );
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(
        `--component search=${fresh.dir}: no final release tag with prefix 'v'`,
      );
    });

    it('the first release without --product', async () => {
      const res = await product('next-version', ...components());
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(
        '--product is required for the first product release',
      );
    });

    it('--repo that is not a Git repository', async () => {
      const plain = mkdtempSync(join(tmpdir(), 'releases-plain-'));
      try {
        const res = await releases(
          'product',
          'next-version',
          '--repo',
          plain,
          '--product',
          'shop',
          ...components(),
        );
        expect(res.code).toBe(2);
        expect(res.stderr).toContain(`--repo ${plain}`);
      } finally {
        rmSync(plain, { recursive: true, force: true });
      }
    });
  });
});
