import { GitFixture } from '../testUtils';
import { GitRepository } from '../git/GitRepository';
import { groupCommitsIntoChanges } from './groupCommitsIntoChanges';

// Real git processes: slow on a loaded CI machine, never a timing assertion.
jest.setTimeout(60_000);

describe('groupCommitsIntoChanges', () => {
  let fx: GitFixture;
  beforeEach(() => {
    fx = GitFixture.create();
  });
  afterEach(() => fx.cleanup());

  const changesOf = async (include = ['HEAD'], exclude: string[] = []) => {
    const repo = await GitRepository.open(fx.dir);
    return groupCommitsIntoChanges(await repo.log({ include, exclude }));
  };

  it('makes a GitHub merge one change with the commits it brought in, titled by the pull request', async () => {
    const root = fx.commit('chore: root');
    fx.checkout('cart', { create: true });
    const c1 = fx.commit('feat: add cart');
    fx.checkout('main');
    const onMain = fx.commit('docs: readme');
    fx.checkout('cart');
    // The branch takes main in before it is merged: still the pull request's.
    const takeMain = fx.merge('main', "Merge branch 'main' into cart");
    const c2 = fx.commit('fix: cart total');
    fx.checkout('main');
    const merge = fx.merge(
      'cart',
      'Merge pull request #12 from acme/cart\n\nAdd a shopping cart',
    );

    const changes = await changesOf();

    expect(changes).toEqual([
      {
        id: '#12',
        title: 'Add a shopping cart',
        commits: expect.arrayContaining([merge, c2, takeMain, c1]),
      },
      { id: onMain, title: 'docs: readme', commits: [onMain] },
      { id: root, title: 'chore: root', commits: [root] },
    ]);
    expect(changes[0].commits).toHaveLength(4);
    expect(changes[0].commits[0]).toBe(merge);
  });

  it('reads a squash subject, a GitLab merge commit and a GitLab trailer on a squash', async () => {
    const root = fx.commit('chore: root');
    const squash = fx.commit('feat: add cart (#12)');
    fx.checkout('checkout', { create: true });
    const side = fx.commit('feat: checkout page');
    fx.checkout('main');
    const gitlabMerge = fx.merge(
      'checkout',
      "Merge branch 'checkout' into 'main'\n\nAdd the checkout page\n\nCloses #3\n\nSee merge request shop/web!34",
    );
    const trailer = fx.commit(
      'fix: rounding of totals\n\nSee merge request shop/web!35',
    );
    const plain = fx.commit('Update the readme');

    expect(await changesOf()).toEqual([
      { id: plain, title: 'Update the readme', commits: [plain] },
      { id: '#35', title: 'fix: rounding of totals', commits: [trailer] },
      {
        id: '#34',
        title: 'Add the checkout page',
        commits: [gitlabMerge, side],
      },
      { id: '#12', title: 'feat: add cart (#12)', commits: [squash] },
      { id: root, title: 'chore: root', commits: [root] },
    ]);
  });

  it('takes a GitLab merge commit of a custom template by its two parents, titled by its subject', async () => {
    fx.commit('chore: root');
    fx.checkout('totals', { create: true });
    const side = fx.commit('fix: totals');
    fx.checkout('main');
    const merge = fx.merge(
      'totals',
      'Fix the totals\n\nSee merge request shop/web!50',
    );
    const changes = await changesOf();
    expect(changes[0]).toEqual({
      id: '#50',
      title: 'Fix the totals',
      commits: [merge, side],
    });
  });

  it('leaves what a merge of no request brought in as changes of their own', async () => {
    fx.commit('chore: root');
    fx.checkout('release/1.2', { create: true });
    const hotfix = fx.commit('fix: crash on empty cart (#40)');
    const direct = fx.commit('fix: typo on the release branch');
    fx.checkout('main');
    const merge = fx.merge('release/1.2', "Merge branch 'release/1.2'");

    const changes = await changesOf();

    expect(changes.slice(0, 3)).toEqual([
      { id: merge, title: "Merge branch 'release/1.2'", commits: [merge] },
      {
        id: direct,
        title: 'fix: typo on the release branch',
        commits: [direct],
      },
      {
        id: '#40',
        title: 'fix: crash on empty cart (#40)',
        commits: [hotfix],
      },
    ]);
  });

  it('gives a stacked pull request only what its own merge brought in', async () => {
    fx.commit('chore: root');
    fx.checkout('base', { create: true });
    const a = fx.commit('feat: base work');
    fx.checkout('top', { create: true });
    const b = fx.commit('feat: top work');
    fx.checkout('main');
    const m10 = fx.merge(
      'base',
      'Merge pull request #10 from acme/base\n\nBase',
    );
    const m11 = fx.merge('top', 'Merge pull request #11 from acme/top\n\nTop');

    const changes = await changesOf();

    expect(changes.slice(0, 2)).toEqual([
      { id: '#11', title: 'Top', commits: [m11, b] },
      { id: '#10', title: 'Base', commits: [m10, a] },
    ]);
  });

  it('keeps a merge and its commits together in a range that ends inside the branch', async () => {
    const root = fx.commit('chore: root');
    fx.checkout('cart', { create: true });
    const c1 = fx.commit('feat: one');
    fx.tag('v1.0.0');
    const c2 = fx.commit('feat: two');
    fx.checkout('main');
    const merge = fx.merge('cart', 'Merge pull request #5 from acme/cart');

    const changes = await changesOf(['HEAD'], ['v1.0.0']);

    // Without a body the subject is the title; c1 and root are outside the range.
    expect(changes).toEqual([
      {
        id: '#5',
        title: 'Merge pull request #5 from acme/cart',
        commits: [merge, c2],
      },
    ]);
    expect(changes[0].commits).not.toContain(c1);
    expect(changes[0].commits).not.toContain(root);
  });

  it('makes one change of commits that name the same request, titled by its merge', () => {
    const changes = groupCommitsIntoChanges([
      { sha: 'c'.repeat(40), message: 'feat: cart (#7)' },
      {
        sha: 'b'.repeat(40),
        message: 'Merge pull request #7 from acme/cart\n\nShopping cart',
      },
      { sha: 'a'.repeat(40), message: 'feat: cart, cherry-picked (#7)\n' },
    ]);
    expect(changes).toEqual([
      {
        id: '#7',
        title: 'Shopping cart',
        commits: ['c'.repeat(40), 'b'.repeat(40), 'a'.repeat(40)],
      },
    ]);
  });

  it('takes the minimal shape: without parents a merge holds only itself', () => {
    const changes = groupCommitsIntoChanges([
      {
        sha: 'm'.repeat(40),
        subject: 'Merge pull request #9 from acme/x',
        body: 'Faster search\n',
      },
      { sha: 'f'.repeat(40), subject: 'perf: index the search', body: '' },
    ]);
    expect(changes).toEqual([
      { id: '#9', title: 'Faster search', commits: ['m'.repeat(40)] },
      {
        id: 'f'.repeat(40),
        title: 'perf: index the search',
        commits: ['f'.repeat(40)],
      },
    ]);
  });

  it('returns no changes for no commits, and does not take a mid-subject (#12) as a request', () => {
    expect(groupCommitsIntoChanges([])).toEqual([]);
    const sha = '1'.repeat(40);
    expect(
      groupCommitsIntoChanges([
        { sha, message: 'fix: handle (#12) in names of files' },
      ]),
    ).toEqual([
      { id: sha, title: 'fix: handle (#12) in names of files', commits: [sha] },
    ]);
  });
});
