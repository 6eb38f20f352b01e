import { InvalidTemplateError, InvalidVersionError } from '../errors';
import {
  compareReleaseTags,
  highestPrerelease,
  latestReleaseTag,
  nextPrereleaseTag,
  parseReleaseTag,
  renderArtifactVersion,
} from './tags';

describe('parseReleaseTag', () => {
  it('reads a release tag', () => {
    expect(parseReleaseTag('v1.4.0')).toEqual({
      tag: 'v1.4.0',
      version: '1.4.0',
      major: 1,
      minor: 4,
      patch: 0,
      prerelease: [],
      isPrerelease: false,
    });
  });

  it('reads a prefixed prerelease tag', () => {
    expect(parseReleaseTag('cart-v1.4.0-rc.2', 'cart-v')).toEqual({
      tag: 'cart-v1.4.0-rc.2',
      version: '1.4.0-rc.2',
      major: 1,
      minor: 4,
      patch: 0,
      prerelease: ['rc', '2'],
      isPrerelease: true,
    });
    expect(parseReleaseTag('2.0.0', '')?.version).toBe('2.0.0');
  });

  it.each([
    ['1.4.0', 'v'],
    ['v1.4', 'v'],
    ['v01.4.0', 'v'],
    ['v1.4.0-rc.01', 'v'],
    ['V1.4.0', 'v'],
    ['cart-v1.4.0', 'v'],
    ['v1.4.0', 'cart-v'],
    ['release-2026-01', 'v'],
    ['vlatest', 'v'],
  ])('rejects %j with prefix %j', (tag, prefix) => {
    expect(parseReleaseTag(tag, prefix)).toBeNull();
  });
});

describe('latestReleaseTag', () => {
  const tags = [
    'v1.2.0',
    'v1.10.0',
    'v1.9.9',
    'v2.0.0-rc.1',
    'latest',
    'v1.10.0-rc.3',
    'cart-v9.0.0',
  ];

  it('picks the highest final release by precedence, not by string order', () => {
    expect(latestReleaseTag(tags, 'v')?.tag).toBe('v1.10.0');
    expect(latestReleaseTag(tags)?.tag).toBe('v1.10.0');
  });

  it('includes prereleases on request', () => {
    expect(latestReleaseTag(tags, 'v', { includePrereleases: true })?.tag).toBe(
      'v2.0.0-rc.1',
    );
  });

  it('works with a component prefix', () => {
    expect(latestReleaseTag(tags, 'cart-v')?.version).toBe('9.0.0');
  });

  it('returns null without release tags', () => {
    expect(latestReleaseTag(['latest', 'v2.0.0-rc.1'], 'v')).toBeNull();
    expect(latestReleaseTag([])).toBeNull();
  });

  it('sorts tags with compareReleaseTags', () => {
    const parsed = ['v1.0.0', 'v1.0.0-rc.10', 'v1.0.0-rc.2', 'v0.9.0'].map(
      t => parseReleaseTag(t)!,
    );
    expect(parsed.sort(compareReleaseTags).map(t => t.tag)).toEqual([
      'v0.9.0',
      'v1.0.0-rc.2',
      'v1.0.0-rc.10',
      'v1.0.0',
    ]);
  });
});

describe('nextPrereleaseTag', () => {
  it('starts at rc.1', () => {
    expect(
      nextPrereleaseTag({ version: '1.3.0', existingTags: ['v1.2.0'] }),
    ).toBe('v1.3.0-rc.1');
  });

  it('continues after the highest existing number (rc.1, rc.2 -> rc.3)', () => {
    expect(
      nextPrereleaseTag({
        version: '1.3.0',
        existingTags: ['v1.3.0-rc.2', 'v1.3.0-rc.1', 'v1.2.0'],
        prefix: 'v',
        preid: 'rc',
      }),
    ).toBe('v1.3.0-rc.3');
  });

  it('compares numbers numerically (rc.9, rc.10 -> rc.11)', () => {
    expect(
      nextPrereleaseTag({
        version: '1.3.0',
        existingTags: ['v1.3.0-rc.9', 'v1.3.0-rc.10'],
      }),
    ).toBe('v1.3.0-rc.11');
  });

  it('ignores candidates of other versions, identifiers and prefixes', () => {
    expect(
      nextPrereleaseTag({
        version: '1.3.0',
        existingTags: [
          'v1.3.1-rc.7',
          'v1.4.0-rc.5',
          'v1.2.0-rc.9',
          'v1.3.0-beta.4',
          'cart-v1.3.0-rc.6',
          'v1.3.0-rc.x',
          'v1.3.0-rc.2.1',
          'v1.3.0-rc',
        ],
      }),
    ).toBe('v1.3.0-rc.1');
  });

  it('keeps the version even when the final release exists', () => {
    // The patch number never changes: deciding the version is not this rule's job.
    expect(
      nextPrereleaseTag({
        version: '1.3.0',
        existingTags: ['v1.3.0', 'v1.3.0-rc.1'],
      }),
    ).toBe('v1.3.0-rc.2');
  });

  it('works with a component prefix and another identifier', () => {
    expect(
      nextPrereleaseTag({
        version: '2.0.0',
        existingTags: ['cart-v2.0.0-beta.1', 'v2.0.0-beta.8'],
        prefix: 'cart-v',
        preid: 'beta',
      }),
    ).toBe('cart-v2.0.0-beta.2');
  });

  it.each(['1.3', '1.3.0-rc.1', 'v1.3.0', '1.3.0+build'])(
    'rejects target version %j',
    version => {
      expect(() => nextPrereleaseTag({ version, existingTags: [] })).toThrow(
        InvalidVersionError,
      );
    },
  );

  it.each(['', '1', 'rc.1', 'r c'])('rejects identifier %j', preid => {
    expect(() =>
      nextPrereleaseTag({ version: '1.0.0', existingTags: [], preid }),
    ).toThrow(InvalidVersionError);
  });
});

describe('highestPrerelease', () => {
  const existingTags = [
    'v1.3.0-rc.1',
    'v1.3.0-rc.10',
    'v1.3.0-rc.2',
    'v1.3.0-beta.20',
    'v1.4.0-rc.30',
    'v1.3.0',
  ];

  it('finds the highest prerelease of exactly that version', () => {
    expect(
      highestPrerelease({ version: '1.3.0', existingTags, preid: 'rc' })?.tag,
    ).toBe('v1.3.0-rc.10');
    expect(highestPrerelease({ version: '1.3.0', existingTags })?.tag).toBe(
      'v1.3.0-rc.10',
    );
    expect(
      highestPrerelease({ version: '1.3.0', existingTags, preid: 'beta' })?.tag,
    ).toBe('v1.3.0-beta.20');
  });

  it('returns null when the version has no prerelease', () => {
    expect(highestPrerelease({ version: '1.5.0', existingTags })).toBeNull();
    expect(
      highestPrerelease({ version: '1.3.0', existingTags, prefix: 'cart-v' }),
    ).toBeNull();
  });
});

describe('renderArtifactVersion', () => {
  const sha = '0123456789ABCDEF0123456789abcdef01234567';

  it.each([
    [
      '<module>-<major>-<minor>-<patch>-<sha>',
      { module: 'cart', version: '1.3.0', sha },
      'cart-1-3-0-0123456',
    ],
    ['<version>', { version: '1.3.0-rc.2' }, '1.3.0-rc.2'],
    [
      '<major>.<minor>.<patch>-<prerelease>',
      { version: '1.3.0-rc.2' },
      '1.3.0-rc.2',
    ],
    ['<major>.<minor>.<patch><prerelease>', { version: '1.3.0' }, '1.3.0'],
    [
      '<version>+<fullsha>',
      { version: '1.3.0', sha },
      '1.3.0+0123456789abcdef0123456789abcdef01234567',
    ],
    ['static', { version: '1.3.0' }, 'static'],
    ['a < b', { version: '1.3.0' }, 'a < b'],
  ])('%s', (template, values, expected) => {
    expect(renderArtifactVersion(template, values)).toBe(expected);
  });

  it('rejects unknown placeholders, naming them and the known ones', () => {
    expect(() =>
      renderArtifactVersion('<module>-<build>', {
        module: 'x',
        version: '1.0.0',
      }),
    ).toThrow(
      "Invalid version template '<module>-<build>': unknown placeholder <build>; known placeholders are <module>, <major>, <minor>, <patch>, <prerelease>, <version>, <sha>, <fullsha>",
    );
    expect(() => renderArtifactVersion('<>', { version: '1.0.0' })).toThrow(
      InvalidTemplateError,
    );
  });

  it('rejects placeholders without a value', () => {
    expect(() =>
      renderArtifactVersion('<module>', { version: '1.0.0' }),
    ).toThrow(InvalidTemplateError);
    expect(() => renderArtifactVersion('<sha>', { version: '1.0.0' })).toThrow(
      '<sha> needs a value',
    );
    expect(() =>
      renderArtifactVersion('<sha>', { version: '1.0.0', sha: 'main' }),
    ).toThrow("'main' is not a commit id");
  });

  it('rejects an invalid version', () => {
    expect(() =>
      renderArtifactVersion('<version>', { version: 'v1.0.0' }),
    ).toThrow(InvalidVersionError);
  });
});
