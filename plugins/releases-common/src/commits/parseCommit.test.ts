// Over 400 lines: A long table of commit messages, one case per parser rule and adversarial input; tables read best in one place.
import type { RawCommit } from '../types';
import {
  parseCommit,
  parseCommitMessage,
  parseFooterLine,
} from './parseCommit';

function raw(
  message: string,
  parents: string[] = ['1111111111111111111111111111111111111111'],
): RawCommit {
  return {
    sha: 'abcdef0123456789abcdef0123456789abcdef01',
    parents,
    authorName: 'Jane Doe',
    authorEmail: 'jane@example.com',
    date: '2026-10-30T12:00:00Z',
    message,
  };
}

describe('parseCommit', () => {
  it('parses an Angular-repository commit whose last paragraph is not a footer', () => {
    const c = parseCommit(
      raw(
        [
          'fix(compiler): handle nested templates with structural directives',
          '',
          'Previously the compiler crashed when a template contained',
          'another template with a structural directive.',
          '',
          'Fixes #41234',
          '',
          'PR Close #41235',
          '',
        ].join('\n'),
      ),
    );
    expect(c).toEqual({
      sha: 'abcdef0123456789abcdef0123456789abcdef01',
      parents: ['1111111111111111111111111111111111111111'],
      authorName: 'Jane Doe',
      authorEmail: 'jane@example.com',
      date: '2026-10-30T12:00:00Z',
      header:
        'fix(compiler): handle nested templates with structural directives',
      type: 'fix',
      scope: 'compiler',
      bang: false,
      description: 'handle nested templates with structural directives',
      // `PR Close #41235` has a space in its token, so it is prose and the
      // `Fixes` line before it is not a trailing footer either.
      body: [
        'Previously the compiler crashed when a template contained',
        'another template with a structural directive.',
        '',
        'Fixes #41234',
        '',
        'PR Close #41235',
      ].join('\n'),
      footers: [],
      breakingNotes: [],
      revert: null,
      merge: false,
      releaseAs: null,
    });
  });

  it('reads a BREAKING CHANGE paragraph in the body, up to the end of its paragraph', () => {
    const c = parseCommitMessage(
      [
        'feat(core): drop the deprecated `ngOnChanges` signature',
        '',
        'BREAKING CHANGE: The deprecated signature was removed.',
        'Use `SimpleChanges` instead.',
        '',
        'PR Close #45678',
      ].join('\n'),
    );
    expect(c.breakingNotes).toEqual([
      'The deprecated signature was removed.\nUse `SimpleChanges` instead.',
    ]);
    expect(c.footers).toEqual([]);
  });

  it('parses a release-please-style commit with a Release-As footer', () => {
    const c = parseCommitMessage(
      [
        'feat(deps): update dependency @octokit/rest to v20 (#2101)',
        '',
        'Release-As: 16.0.0',
      ].join('\n'),
    );
    expect(c).toMatchObject({
      type: 'feat',
      scope: 'deps',
      description: 'update dependency @octokit/rest to v20 (#2101)',
      body: '',
      footers: [{ token: 'Release-As', value: '16.0.0' }],
      releaseAs: '16.0.0',
    });
  });

  it('reads Release-As case-insensitively, drops a leading v, and ignores an invalid version', () => {
    expect(parseCommitMessage('chore: x\n\nrelease-as: v2.0.0').releaseAs).toBe(
      '2.0.0',
    );
    expect(
      parseCommitMessage('chore: x\n\nRELEASE-AS: 2.0.0-rc.1').releaseAs,
    ).toBe('2.0.0-rc.1');
    const bad = parseCommitMessage('chore: x\n\nRelease-As: 2.0');
    expect(bad.releaseAs).toBeNull();
    expect(bad.footers).toEqual([{ token: 'Release-As', value: '2.0' }]);
  });

  it('parses a GitHub squash merge with bullets, a separator and co-authors', () => {
    const c = parseCommitMessage(
      [
        'feat(api): add refunds endpoint (#123)',
        '',
        '* feat: add refunds endpoint',
        '',
        '* fix: typo in route',
        '',
        '---------',
        '',
        'Co-authored-by: Jane Doe <jane@example.com>',
        'Co-authored-by: Max Mustermann <max@example.com>',
      ].join('\n'),
    );
    expect(c).toMatchObject({
      type: 'feat',
      scope: 'api',
      description: 'add refunds endpoint (#123)',
      body: '* feat: add refunds endpoint\n\n* fix: typo in route\n\n---------',
      footers: [
        { token: 'Co-authored-by', value: 'Jane Doe <jane@example.com>' },
        { token: 'Co-authored-by', value: 'Max Mustermann <max@example.com>' },
      ],
      mergeHeader: false,
    });
  });

  it('marks merge commits by their parents and by their header', () => {
    const twoParents = parseCommit(
      raw('Merge pull request #12 from acme/feature-x\n\nfeat: add x', [
        'a',
        'b',
      ]),
    );
    expect(twoParents).toMatchObject({ merge: true, type: null });
    expect(parseCommit(raw("Merge branch 'main' into feature-x")).merge).toBe(
      true,
    );
    expect(
      parseCommit(raw("Merge remote-tracking branch 'origin/main'")).merge,
    ).toBe(true);
    expect(parseCommit(raw('Merge pull request #7 from a/b')).merge).toBe(true);
    // An octopus or any other multi-parent commit with a conventional header.
    expect(parseCommit(raw('feat: x', ['a', 'b', 'c'])).merge).toBe(true);
    expect(parseCommit(raw('Merged the docs into one page')).merge).toBe(false);
    expect(parseCommit(raw('feat: merge two settings pages')).merge).toBe(
      false,
    );
  });

  it("parses Git's default revert message", () => {
    const c = parseCommitMessage(
      [
        'Revert "feat(api): add refunds endpoint (#123)"',
        '',
        'This reverts commit 0123456789ABCDEF0123456789abcdef01234567.',
      ].join('\n'),
    );
    expect(c).toMatchObject({
      type: null,
      description: 'Revert "feat(api): add refunds endpoint (#123)"',
      revert: {
        header: 'feat(api): add refunds endpoint (#123)',
        // As written: semantic-release compares it to the hash as a string.
        sha: '0123456789ABCDEF0123456789abcdef01234567',
      },
    });
  });

  it('parses conventional and squash-merged reverts, and nested reverts', () => {
    expect(
      parseCommitMessage('revert: feat: add x\n\nThis reverts commit abc1234.')
        .revert,
    ).toEqual({ header: 'feat: add x', sha: 'abc1234' });
    expect(
      parseCommitMessage(
        'Revert "feat: x (#12)" (#13)\n\nThis reverts commit abc1234def.',
      ).revert,
    ).toEqual({ header: 'feat: x (#12)" (#13)', sha: 'abc1234def' });
    expect(
      parseCommitMessage(
        'Revert "Revert "feat: x""\n\nThis reverts commit 1234567.',
      ).revert,
    ).toEqual({ header: 'Revert "feat: x"', sha: '1234567' });
    // No commit id: still a revert, of an unknown commit.
    expect(parseCommitMessage('revert: feat: add x').revert).toEqual({
      header: 'feat: add x',
      sha: null,
    });
    // Too short to be a commit id.
    expect(
      parseCommitMessage('revert: x\n\nThis reverts commit abc12.').revert?.sha,
    ).toBeNull();
    expect(
      parseCommitMessage('fix: x\n\nThis reverts commit abc1234.').revert,
    ).toBeNull();
  });

  // conventional-changelog-angular's revertPattern on the whole message:
  // `^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w{7,40})\b`/i.
  it.each<[string, { header: string; sha: string | null } | null]>([
    [
      'Revert "chore(deps): x" (#12)\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.',
      {
        header: 'chore(deps): x" (#12)',
        sha: '0123456789abcdef0123456789abcdef01234567',
      },
    ],
    [
      'Revert "feat: a"\n\nIt broke z.\n\nThis reverts commit abc1234.',
      { header: 'feat: a"\n\nIt broke z.', sha: 'abc1234' },
    ],
    [
      'Revert the last change\n\nThis reverts commit abc1234.',
      { header: 'the last change', sha: 'abc1234' },
    ],
    [
      'REVERT "x"\n\nthis REVERTS commit ABC_123.',
      { header: 'x', sha: 'ABC_123' },
    ],
    ['revert: x This reverts commit abc1234', { header: 'x', sha: 'abc1234' }],
    [
      'revert:\tx\n\nThis reverts commit abc1234.',
      { header: 'x', sha: 'abc1234' },
    ],
    // Lazy: the first marker with a valid id ends the header.
    [
      'Revert "x"\n\nThis reverts commit abc.\nThis reverts commit abc1234.\nThis reverts commit def5678.',
      { header: 'x"\n\nThis reverts commit abc.', sha: 'abc1234' },
    ],
    [
      'Revert "x""\n\nThis reverts commit abc1234.',
      { header: 'x"', sha: 'abc1234' },
    ],
    ['Revert "This reverts commit abc1234', { header: '"', sha: 'abc1234' }],
    ['Revert  This reverts commit abc1234', { header: '', sha: 'abc1234' }],
    // Not the pattern: a header-only reading, without a commit id.
    [
      'revert(api): x\n\nThis reverts commit abc1234.',
      { header: 'x', sha: null },
    ],
    [
      `Revert "x"\n\nThis reverts commit abc1234x${'a'.repeat(40)}`,
      { header: 'x', sha: null },
    ],
    [
      'Revert "x"\n\nThis reverts commit abc1234é',
      { header: 'x', sha: 'abc1234' },
    ],
    ['Revert "x"\n\nThis reverts commitabc1234', { header: 'x', sha: null }],
    ['Reverts "x"\n\nThis reverts commit abc1234.', null],
    ['Reapply "x"\n\nThis reverts commit abc1234.', null],
  ])('reads the revert of %j', (message, revert) => {
    expect(parseCommitMessage(message).revert).toEqual(revert);
  });

  it('ignores Windows line endings and trailing whitespace', () => {
    const crlf = parseCommitMessage(
      'fix(ui): align buttons  \r\n\r\nThe body.   \r\nSecond line.\t\r\n\r\nRefs: #1   \r\nSigned-off-by: Jane Doe <jane@example.com>\r\n',
    );
    expect(crlf).toMatchObject({
      header: 'fix(ui): align buttons',
      type: 'fix',
      scope: 'ui',
      description: 'align buttons',
      body: 'The body.\nSecond line.',
      footers: [
        { token: 'Refs', value: '#1' },
        { token: 'Signed-off-by', value: 'Jane Doe <jane@example.com>' },
      ],
    });
  });

  it('keeps a mid-body line that looks like a footer in the body', () => {
    const c = parseCommitMessage(
      [
        'perf(db): batch inserts',
        '',
        'Inserts were sent one by one.',
        '',
        'Note: this looks like a footer, but prose follows it.',
        'Closes: nothing, it is part of the body.',
        '',
        'A last paragraph of prose.',
        '',
        'Reviewed-by: Max Mustermann <max@example.com>',
        'Signed-off-by: Jane Doe <jane@example.com>',
      ].join('\n'),
    );
    expect(c.body).toBe(
      [
        'Inserts were sent one by one.',
        '',
        'Note: this looks like a footer, but prose follows it.',
        'Closes: nothing, it is part of the body.',
        '',
        'A last paragraph of prose.',
      ].join('\n'),
    );
    expect(c.footers.map(f => f.token)).toEqual([
      'Reviewed-by',
      'Signed-off-by',
    ]);
  });

  it('keeps a body paragraph that starts like a footer when prose follows in it', () => {
    const c = parseCommitMessage(
      'fix: x\n\nExample: run it twice\nand it breaks.\n\nRefs: #3',
    );
    expect(c.body).toBe('Example: run it twice\nand it breaks.');
    expect(c.footers).toEqual([{ token: 'Refs', value: '#3' }]);
  });

  it('parses footers: multi-line values, `#` separators and BREAKING CHANGE tokens', () => {
    const c = parseCommitMessage(
      [
        'feat(api)!: replace the token endpoint',
        '',
        'Long body paragraph.',
        '',
        'BREAKING CHANGE: `/token` is gone.',
        '  Call `/oauth/token` instead;',
        '  the response shape is unchanged.',
        '',
        'BREAKING-CHANGE: clients must send `Accept`.',
        'Fixes #12',
        'Refs: JIRA-1',
        'Acked-by: Max',
      ].join('\n'),
    );
    expect(c).toMatchObject({
      type: 'feat',
      scope: 'api',
      bang: true,
      description: 'replace the token endpoint',
      body: 'Long body paragraph.',
      footers: [
        {
          token: 'BREAKING CHANGE',
          value:
            '`/token` is gone.\nCall `/oauth/token` instead;\nthe response shape is unchanged.',
        },
        { token: 'BREAKING-CHANGE', value: 'clients must send `Accept`.' },
        { token: 'Fixes', value: '#12' },
        { token: 'Refs', value: 'JIRA-1' },
        { token: 'Acked-by', value: 'Max' },
      ],
      breakingNotes: [
        '`/token` is gone.\nCall `/oauth/token` instead;\nthe response shape is unchanged.',
        'clients must send `Accept`.',
      ],
    });
  });

  it.each([
    [
      'feat: add x',
      { type: 'feat', scope: null, bang: false, description: 'add x' },
    ],
    [
      'FEAT(Api): add x',
      { type: 'feat', scope: 'Api', bang: false, description: 'add x' },
    ],
    [
      'fix!: drop y',
      { type: 'fix', scope: null, bang: true, description: 'drop y' },
    ],
    [
      'fix(parser)!: drop y',
      { type: 'fix', scope: 'parser', bang: true, description: 'drop y' },
    ],
    [
      'my-type: z',
      { type: 'my-type', scope: null, bang: false, description: 'z' },
    ],
    [
      'feat():  spaced',
      { type: 'feat', scope: null, bang: false, description: 'spaced' },
    ],
    [
      'feat:no space',
      { type: null, scope: null, bang: false, description: 'feat:no space' },
    ],
    [
      'feat :x',
      { type: null, scope: null, bang: false, description: 'feat :x' },
    ],
    [
      'Update README.md',
      { type: null, scope: null, bang: false, description: 'Update README.md' },
    ],
    [
      'fix(a(b)): nested',
      {
        type: null,
        scope: null,
        bang: false,
        description: 'fix(a(b)): nested',
      },
    ],
    ['', { type: null, scope: null, bang: false, description: '' }],
  ])('parses the header %j', (message, expected) => {
    expect(parseCommitMessage(message)).toMatchObject(expected);
  });

  it('parses a commit with only footers and no body', () => {
    const c = parseCommitMessage(
      'docs: fix typo\n\nSigned-off-by: Jane Doe <jane@example.com>',
    );
    expect(c.body).toBe('');
    expect(c.footers).toEqual([
      { token: 'Signed-off-by', value: 'Jane Doe <jane@example.com>' },
    ]);
  });

  // No timing here (speed is measured in bench/): these inputs defeat
  // backtracking regular expressions, and the parse must still be right.
  it.each([64 * 1024, 128 * 1024])(
    'parses adversarial messages of %i bytes',
    size => {
      const header = parseCommitMessage(`feat(${'('.repeat(size)}`);
      expect(header.type).toBeNull();

      const scope = parseCommitMessage(`feat(${'a'.repeat(size)}: x`);
      expect(scope.type).toBeNull();

      const spaces = parseCommitMessage(`fix: ${' '.repeat(size)}x`);
      expect(spaces.description).toBe('x');

      const tokenish = parseCommitMessage(`fix: y\n\n${'a-'.repeat(size / 2)}`);
      expect(tokenish.footers).toEqual([]);

      const lines = 'Refs: #1\n'.repeat(size / 9);
      const footers = parseCommitMessage(`fix: z\n\nbody\n\n${lines}`);
      expect(footers.footers.length).toBe(Math.floor(size / 9));

      const paragraphs = parseCommitMessage(
        `fix: w\n\n${'Word: x\n\n'.repeat(size / 9)}prose`,
      );
      expect(paragraphs.footers).toEqual([]);

      const revert = parseCommitMessage(`Revert "${'"'.repeat(size)}`);
      expect(revert.revert).not.toBeNull();

      // Quadratic for the regular expression: a lazy capture, then `\s*`.
      const spaced = parseCommitMessage(
        `Revert "x${' '.repeat(size)}This reverts commit abc12`,
      );
      expect(spaced.revert?.sha).toBeNull();
      const spacedId = parseCommitMessage(
        `Revert "x${' '.repeat(size)}This reverts commit abc1234`,
      );
      expect(spacedId.revert).toEqual({ header: 'x', sha: 'abc1234' });

      const markers = parseCommitMessage(
        `Revert "x"\n\n${'This reverts commit abc12 '.repeat(size / 25)}`,
      );
      expect(markers.revert?.sha).toBeNull();
    },
  );
});

describe('parseFooterLine', () => {
  it.each([
    [
      'Signed-off-by: Jane <j@x>',
      { token: 'Signed-off-by', value: 'Jane <j@x>' },
    ],
    ['Fixes #12', { token: 'Fixes', value: '#12' }],
    ['BREAKING CHANGE: x', { token: 'BREAKING CHANGE', value: 'x' }],
    ['BREAKING-CHANGE: x', { token: 'BREAKING-CHANGE', value: 'x' }],
    ['Release-As: 1.0.0', { token: 'Release-As', value: '1.0.0' }],
    ['https://example.com', null],
    ['Some words: x', null],
    ['BREAKING CHANGES: x', null],
    ['- item: x', null],
    ['* item: x', null],
    ['Token:', null],
    ['Fixes #', null],
  ])('%j', (line, expected) => {
    expect(parseFooterLine(line)).toEqual(expected);
  });
});
