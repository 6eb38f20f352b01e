// Over 400 lines: Reading, writing, byte-preserving edits and reverts of environment files share the Git fixtures of this file.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitFixture } from '../testUtils';
import { GitRepository } from '../git/GitRepository';
import { UnknownRefError } from '../git/errors';
import type { EnvironmentBranchUpdate } from './EnvironmentBranchPublisher';
import { EnvironmentRepository } from './EnvironmentRepository';
import { DirectBranchPublisher } from './publishers/DirectBranchPublisher';

// Real git processes: slow on a loaded CI machine, never a timing assertion.
jest.setTimeout(60_000);

const qa = {
  name: 'qa',
  type: 'qa' as const,
  description: 'Release candidates',
};
const author = { name: 'Releases', email: 'releases@example.com' };

function deployment(version: string, promotion: string) {
  return {
    version,
    commit: 'a'.repeat(40),
    appRepo: '../cart',
    updatedAt: '2026-11-01T00:00:00.000Z',
    updatedBy: 'user:default/ann',
    promotion,
  };
}

/**
 * A hand-written environment file, shaped like the demo's (quoted strings,
 * a flow list of targets) plus comments, mixed quoting, blank lines and a
 * component that is not the promoted one.
 */
const HAND_WRITTEN = [
  '# Environment qa of the shop: written by the portal, edited by hand.',
  'environment:',
  '  name: qa',
  '  type: qa   # release candidates only',
  '  description: "Release candidates under test"',
  '  targets: [k8s-qa, k8s-qa-2]',
  '',
  'components:',
  '  # The shopping cart; its app lives in the monorepo.',
  '  cart:',
  '    version: "cart-v1.4.0-rc.2"',
  '    commit: "0123456789abcdef0123456789abcdef01234567"',
  '    appRepo: "./apps/cart"    # not ../cart',
  '    updatedAt: "2026-10-01T09:00:00.000Z"',
  "    updatedBy: 'user:default/alice'",
  '    promotion: null',
  '',
  '  checkout:',
  '    version: checkout-v2.0.0',
  '    commit: "89abcdef0123456789abcdef0123456789abcdef"',
  '    appRepo: ../checkout',
  '    updatedAt: 2026-10-02T09:00:00.000Z',
  '    updatedBy: "user:default/ben"',
  '    promotion: ~',
  '# Keep components sorted by name.',
  '',
].join('\n');

const cartRc = {
  version: 'cart-v1.5.0-rc.1',
  commit: 'a'.repeat(40),
  appRepo: './apps/cart',
  updatedAt: '2026-11-01T00:00:00.000Z',
  updatedBy: 'user:default/ann',
  promotion: 'p1',
};

/** The message the promotion engine gives a revert: Git's own format. */
function revertMessage(subject: string, sha: string): string {
  return `Revert "${subject}"\n\nThis reverts commit ${sha}.\n`;
}

/** Commits `files` on environment/qa (created from main), leaving main checked out. */
function seedBranch(fx: GitFixture, files: Record<string, string>): string {
  fx.git('checkout', '--quiet', '-B', 'environment/qa');
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(fx.dir, name), content);
    fx.git('add', name);
  }
  fx.git(
    'commit',
    '--quiet',
    '--no-verify',
    '--allow-empty',
    '-m',
    'chore: seed qa',
  );
  const sha = fx.git('rev-parse', 'HEAD');
  fx.git('checkout', '--quiet', 'main');
  return sha;
}

/** environment.yaml at a commit, byte for byte. */
function fileAt(fx: GitFixture, sha: string): string {
  return execFileSync('git', ['cat-file', 'blob', `${sha}:environment.yaml`], {
    cwd: fx.dir,
    encoding: 'utf8',
  });
}

/** Removed and added lines of environment.yaml between two commits, as `git diff` shows them. */
function changedLines(
  fx: GitFixture,
  from: string,
  to: string,
): { removed: string[]; added: string[] } {
  const diff = execFileSync(
    'git',
    ['diff', '--unified=0', '--no-color', from, to, '--', 'environment.yaml'],
    { cwd: fx.dir, encoding: 'utf8' },
  );
  const lines = diff
    .split('\n')
    .filter(l => !l.startsWith('---') && !l.startsWith('+++'));
  return {
    removed: lines.filter(l => l.startsWith('-')).map(l => l.slice(1)),
    added: lines.filter(l => l.startsWith('+')).map(l => l.slice(1)),
  };
}

describe('EnvironmentRepository', () => {
  let fx: GitFixture;
  beforeEach(() => {
    fx = GitFixture.create();
    fx.commit('chore: init');
  });
  afterEach(() => fx.cleanup());

  it('creates the branch, records versions and keeps the work tree untouched', async () => {
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
    expect(await envs.read(qa)).toEqual({
      environment: qa,
      components: {},
      tip: null,
    });
    const first = await envs.writeDeployment({
      env: qa,
      component: 'cart',
      deployment: deployment('v1.0.0-rc.1', 'p1'),
      message: 'promote(cart): v1.0.0-rc.1 to qa',
      author,
    });
    expect(first.created).toBe(true);
    const second = await envs.writeDeployment({
      env: qa,
      component: 'checkout',
      deployment: deployment('v2.0.0-rc.1', 'p2'),
      message: 'promote(checkout): v2.0.0-rc.1 to qa',
      author,
    });
    const read = await envs.read(qa);
    expect(read.tip).toBe(second.sha);
    expect(read.components.cart.version).toBe('v1.0.0-rc.1');
    expect(read.components.checkout.version).toBe('v2.0.0-rc.1');
    expect(fx.git('log', '--format=%s', 'environment/qa')).toBe(
      'promote(checkout): v2.0.0-rc.1 to qa\npromote(cart): v1.0.0-rc.1 to qa',
    );
    expect(fx.git('status', '--porcelain')).toBe('');
    expect(fx.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });

  it('writes nothing when retried for the same promotion', async () => {
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
    const a = await envs.writeDeployment({
      env: qa,
      component: 'cart',
      deployment: deployment('v1.0.0-rc.1', 'p1'),
      message: 'm',
      author,
    });
    const b = await envs.writeDeployment({
      env: qa,
      component: 'cart',
      deployment: deployment('v1.0.0-rc.1', 'p1'),
      message: 'm',
      author,
    });
    expect(b).toEqual({ sha: a.sha, created: false });
  });

  it('records several components in one commit and puts them back in one revert', async () => {
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
    const before = await envs.writeDeployment({
      env: qa,
      component: 'cart',
      deployment: deployment('v1.0.0-rc.1', 'p0'),
      message: 'promote(cart): v1.0.0-rc.1 to qa',
      author,
    });
    const both = {
      cart: deployment('v1.1.0-rc.1', 'p1'),
      checkout: deployment('v2.0.0-rc.1', 'p2'),
    };
    const written = await envs.writeDeployments({
      env: qa,
      deployments: both,
      promotionId: 'product-1',
      message: 'promote(shop): v2.0.0 to qa',
      author,
    });
    expect(written.created).toBe(true);
    expect(fx.git('rev-list', '--count', `${before.sha}..environment/qa`)).toBe(
      '1',
    );
    const read = await envs.read(qa);
    expect(read.components.cart.version).toBe('v1.1.0-rc.1');
    expect(read.components.checkout.version).toBe('v2.0.0-rc.1');
    // Retried (a resumed promotion): nothing new.
    expect(
      await envs.writeDeployments({
        env: qa,
        deployments: both,
        promotionId: 'product-1',
        message: 'promote(shop): v2.0.0 to qa',
        author,
      }),
    ).toEqual({ sha: written.sha, created: false });

    const previous = (await envs.readAt(`${written.sha}^`, qa))!.components;
    const reverted = await envs.revertDeployments({
      env: qa,
      previous: { cart: previous.cart, checkout: previous.checkout ?? null },
      promotionId: 'product-1',
      message: 'Revert "promote(shop): v2.0.0 to qa"',
      author,
    });
    expect(reverted.created).toBe(true);
    const back = await envs.read(qa);
    expect(back.components.cart.version).toBe('v1.0.0-rc.1');
    expect(back.components.checkout).toBeUndefined();
    expect(fx.git('log', '--format=%s', 'environment/qa')).toBe(
      'Revert "promote(shop): v2.0.0 to qa"\npromote(shop): v2.0.0 to qa\npromote(cart): v1.0.0-rc.1 to qa',
    );
    // A second component's revert finds it done.
    expect(
      (
        await envs.revertDeployments({
          env: qa,
          previous: { cart: previous.cart, checkout: null },
          promotionId: 'product-1',
          message: 'again',
          author,
        })
      ).created,
    ).toBe(false);
  });

  it('never loses a concurrent write: a moved tip is re-read and retried', async () => {
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir), {
      maxAttempts: 20,
    });
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    await Promise.all(
      names.map(n =>
        envs.writeDeployment({
          env: qa,
          component: n,
          deployment: deployment('v1.0.0', n),
          message: `promote(${n})`,
          author,
        }),
      ),
    );
    const read = await envs.read(qa);
    expect(Object.keys(read.components).sort()).toEqual(names);
    expect(fx.git('rev-list', '--count', 'environment/qa')).toBe('6');
  });

  it('pushes to a remote without force', async () => {
    const clone = GitFixture.create();
    try {
      clone.git('clone', '--quiet', '--bare', fx.dir, `${clone.dir}/env.git`);
      const envs = new EnvironmentRepository(
        await GitRepository.open(`${clone.dir}/env.git`),
        { remote: true },
      );
      await envs.writeDeployment({
        env: qa,
        component: 'cart',
        deployment: deployment('v1.0.0', 'p1'),
        message: 'promote(cart)',
        author,
      });
      const remoteLog = execFileSync(
        'git',
        ['log', '--format=%s', 'environment/qa'],
        { cwd: fx.dir, encoding: 'utf8' },
      );
      expect(remoteLog.trim()).toBe('promote(cart)');
    } finally {
      clone.cleanup();
    }
  });

  it('changes only the lines of the promoted component in a hand-written file', async () => {
    const seeded = seedBranch(fx, { 'environment.yaml': HAND_WRITTEN });
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
    const written = await envs.writeDeployment({
      env: qa,
      component: 'cart',
      deployment: cartRc,
      message: 'promote(cart)',
      author,
    });
    expect(written.created).toBe(true);
    // Only cart's changed fields; its appRepo (same value) keeps its quotes and comment.
    expect(changedLines(fx, seeded, written.sha)).toEqual({
      removed: [
        '    version: "cart-v1.4.0-rc.2"',
        '    commit: "0123456789abcdef0123456789abcdef01234567"',
        '    updatedAt: "2026-10-01T09:00:00.000Z"',
        "    updatedBy: 'user:default/alice'",
        '    promotion: null',
      ],
      added: [
        `    version: "cart-v1.5.0-rc.1"`,
        `    commit: "${'a'.repeat(40)}"`,
        '    updatedAt: "2026-11-01T00:00:00.000Z"',
        "    updatedBy: 'user:default/ann'",
        '    promotion: p1',
      ],
    });
    const after = fileAt(fx, written.sha);
    expect(after.split('\n').length).toBe(HAND_WRITTEN.split('\n').length);
    expect(after.endsWith('# Keep components sorted by name.\n')).toBe(true);
    const read = await envs.read(qa);
    expect(read.components.cart).toEqual(cartRc);
    expect(read.components.checkout.version).toBe('checkout-v2.0.0');
  });

  it('adds a new component by adding lines only, in the style of its neighbours', async () => {
    const seeded = seedBranch(fx, { 'environment.yaml': HAND_WRITTEN });
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
    const search = {
      ...cartRc,
      version: 'search-v0.1.0',
      appRepo: '../search',
    };
    const written = await envs.writeDeployment({
      env: qa,
      component: 'search',
      deployment: search,
      message: 'promote(search)',
      author,
    });
    expect(changedLines(fx, seeded, written.sha)).toEqual({
      removed: [],
      added: [
        '  search:',
        '    version: "search-v0.1.0"',
        `    commit: "${'a'.repeat(40)}"`,
        '    appRepo: "../search"',
        '    updatedAt: "2026-11-01T00:00:00.000Z"',
        "    updatedBy: 'user:default/ann'",
        '    promotion: p1',
      ],
    });
    // Added inside components, before the file's closing comment.
    expect(
      fileAt(fx, written.sha).endsWith(
        '    promotion: p1\n# Keep components sorted by name.\n',
      ),
    ).toBe(true);
    expect((await envs.read(qa)).components.search).toEqual(search);
  });

  it('adds the components map to a file that has none yet, keeping the rest', async () => {
    const withoutComponents = [
      '# No promotion yet.',
      'environment:',
      '  name: qa',
      "  type: 'qa'",
      '  description: "Release candidates under test"   # shown in the portal',
      '',
    ].join('\n');
    const seeded = seedBranch(fx, { 'environment.yaml': withoutComponents });
    const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
    const written = await envs.writeDeployment({
      env: qa,
      component: 'cart',
      deployment: cartRc,
      message: 'promote(cart)',
      author,
    });
    const after = fileAt(fx, written.sha);
    expect(after.startsWith(withoutComponents)).toBe(true);
    expect(changedLines(fx, seeded, written.sha).removed).toEqual([]);
    const read = await envs.read(qa);
    expect(read.components).toEqual({ cart: cartRc });
    expect(read.environment).toEqual({
      name: 'qa',
      type: 'qa',
      description: 'Release candidates under test',
    });
  });

  it('writes the environment and the component to an empty or missing file', async () => {
    const seeds: Array<Record<string, string>> = [
      { 'environment.yaml': '' },
      { 'README.md': 'qa\n' },
    ];
    for (const files of seeds) {
      const local = GitFixture.create();
      try {
        local.commit('chore: init');
        seedBranch(local, files);
        const envs = new EnvironmentRepository(
          await GitRepository.open(local.dir),
        );
        const written = await envs.writeDeployment({
          env: qa,
          component: 'cart',
          deployment: cartRc,
          message: 'promote(cart)',
          author,
        });
        expect(written.created).toBe(true);
        const read = await envs.read(qa);
        expect(read.environment).toEqual(qa);
        expect(read.components).toEqual({ cart: cartRc });
        expect(fileAt(local, written.sha).endsWith('\n')).toBe(true);
      } finally {
        local.cleanup();
      }
    }
  });

  describe('revertDeployment', () => {
    it('reverts a write with a new commit whose file equals the one before, byte for byte', async () => {
      const seeded = seedBranch(fx, { 'environment.yaml': HAND_WRITTEN });
      const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
      const previous = (await envs.read(qa)).components.cart;
      const written = await envs.writeDeployment({
        env: qa,
        component: 'cart',
        deployment: cartRc,
        message: 'promote(cart): cart-v1.5.0-rc.1 to qa',
        author,
      });
      const message = revertMessage(
        'promote(cart): cart-v1.5.0-rc.1 to qa',
        written.sha,
      );
      const reverted = await envs.revertDeployment({
        env: qa,
        component: 'cart',
        previous,
        revertOf: { promotionId: 'p1', commit: written.sha },
        message,
        author,
      });
      expect(reverted.created).toBe(true);
      expect(reverted.sha).not.toBe(seeded);
      expect(fileAt(fx, reverted.sha)).toBe(fileAt(fx, seeded));
      expect(fileAt(fx, reverted.sha)).toBe(HAND_WRITTEN);
      // A third commit on top: history is not rewritten.
      expect(fx.git('rev-list', '--first-parent', 'environment/qa', '-3')).toBe(
        [reverted.sha, written.sha, seeded].join('\n'),
      );
      expect(fx.git('log', '-1', '--format=%B', 'environment/qa')).toBe(
        message.trim(),
      );
      expect((await envs.read(qa)).components.cart).toEqual(previous);
      expect(fx.git('status', '--porcelain')).toBe('');
    });

    it('reverts a write that the repository itself created the file with', async () => {
      const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
      const first = await envs.writeDeployment({
        env: qa,
        component: 'cart',
        deployment: deployment('v1.0.0', 'p1'),
        message: 'promote(cart): v1.0.0 to qa',
        author,
      });
      const second = await envs.writeDeployment({
        env: qa,
        component: 'cart',
        deployment: deployment('v1.1.0', 'p2'),
        message: 'promote(cart): v1.1.0 to qa',
        author,
      });
      const reverted = await envs.revertDeployment({
        env: qa,
        component: 'cart',
        previous: deployment('v1.0.0', 'p1'),
        revertOf: { promotionId: 'p2', commit: second.sha },
        message: revertMessage('promote(cart): v1.1.0 to qa', second.sha),
        author,
      });
      expect(fx.git('rev-list', 'environment/qa')).toBe(
        [reverted.sha, second.sha, first.sha].join('\n'),
      );
      expect(fileAt(fx, reverted.sha)).toBe(fileAt(fx, first.sha));
    });

    it('reverting a new component removes its entry', async () => {
      const seeded = seedBranch(fx, { 'environment.yaml': HAND_WRITTEN });
      const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
      const search = {
        ...cartRc,
        version: 'search-v0.1.0',
        appRepo: '../search',
      };
      const written = await envs.writeDeployment({
        env: qa,
        component: 'search',
        deployment: search,
        message: 'promote(search)',
        author,
      });
      const reverted = await envs.revertDeployment({
        env: qa,
        component: 'search',
        previous: null,
        revertOf: { promotionId: 'p1', commit: written.sha },
        message: revertMessage('promote(search)', written.sha),
        author,
      });
      expect(reverted.created).toBe(true);
      const read = await envs.read(qa);
      expect(read.tip).toBe(reverted.sha);
      expect(Object.keys(read.components)).toEqual(['cart', 'checkout']);
      expect(changedLines(fx, written.sha, reverted.sha).added).toEqual([]);
      expect(fileAt(fx, reverted.sha)).toBe(fileAt(fx, seeded));
    });

    it('writes once when called twice, and nothing when the entry already is the previous one', async () => {
      const seeded = seedBranch(fx, { 'environment.yaml': HAND_WRITTEN });
      const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
      const previous = (await envs.read(qa)).components.cart;
      const written = await envs.writeDeployment({
        env: qa,
        component: 'cart',
        deployment: cartRc,
        message: 'promote(cart)',
        author,
      });
      const revert = {
        env: qa,
        component: 'cart',
        previous,
        revertOf: { promotionId: 'p1', commit: written.sha },
        message: revertMessage('promote(cart)', written.sha),
        author,
      };
      const once = await envs.revertDeployment(revert);
      const twice = await envs.revertDeployment(revert);
      expect(once.created).toBe(true);
      expect(twice).toEqual({ sha: once.sha, created: false });
      expect(fx.git('rev-list', '--count', `${seeded}..environment/qa`)).toBe(
        '2',
      );
      // A write that never reached the branch: nothing to put back.
      const untouched = await envs.revertDeployment({
        ...revert,
        component: 'search',
        previous: null,
        revertOf: { promotionId: 'p9', commit: null },
      });
      expect(untouched).toEqual({ sha: once.sha, created: false });
    });

    it('hands the revert to the publisher under the promotion it undoes', async () => {
      const updates: EnvironmentBranchUpdate[] = [];
      const direct = new DirectBranchPublisher();
      const publisher = {
        publish: (update: EnvironmentBranchUpdate) => {
          updates.push(update);
          return direct.publish(update);
        },
      };
      const envs = new EnvironmentRepository(await GitRepository.open(fx.dir), {
        publisher,
      });
      const written = await envs.writeDeployment({
        env: qa,
        component: 'cart',
        deployment: deployment('v1.0.0', 'p1'),
        message: 'promote(cart)',
        author,
      });
      const message = revertMessage('promote(cart)', written.sha);
      await envs.revertDeployment({
        env: qa,
        component: 'cart',
        previous: null,
        revertOf: { promotionId: 'p1', commit: written.sha },
        message,
        author,
      });
      expect(
        updates.map(u => [u.environment, u.branch, u.promotionId, u.message]),
      ).toEqual([
        ['qa', 'environment/qa', 'p1', 'promote(cart)'],
        ['qa', 'environment/qa', 'p1', message],
      ]);
      expect((await envs.read(qa)).components).toEqual({});
    });

    it('refuses to revert on an environment branch that does not exist', async () => {
      const envs = new EnvironmentRepository(await GitRepository.open(fx.dir));
      await expect(
        envs.revertDeployment({
          env: qa,
          component: 'cart',
          previous: null,
          revertOf: { promotionId: 'p1', commit: null },
          message: 'Revert',
          author,
        }),
      ).rejects.toThrow(UnknownRefError);
    });
  });
});
