import { InvalidVersionError } from './errors';
import {
  compareSemVer,
  diffSemVer,
  formatSemVer,
  incSemVer,
  isValidSemVer,
  parseSemVer,
} from './semver';

describe('parseSemVer', () => {
  it('parses every part', () => {
    expect(parseSemVer('1.22.333-rc.1.x-y+build.007')).toEqual({
      major: 1,
      minor: 22,
      patch: 333,
      prerelease: ['rc', '1', 'x-y'],
      build: ['build', '007'],
    });
  });

  it.each([
    '0.0.0',
    '1.2.3',
    '10.20.30',
    '1.0.0-alpha',
    '1.0.0-0.3.7',
    '1.0.0-x.7.z.92',
    '1.0.0-x-y-z.--',
    '1.0.0-alpha+001',
    '1.0.0+20130313144700',
    '1.0.0-beta+exp.sha.5114f85',
    '1.0.0+21AF26D3----117B344092BD',
    '1.0.0-rc.1+build.1',
  ])('accepts %j', v => {
    expect(isValidSemVer(v)).toBe(true);
    expect(formatSemVer(parseSemVer(v)!)).toBe(v);
  });

  it.each([
    '',
    '1',
    '1.2',
    '1.2.3.4',
    'v1.2.3',
    '01.2.3',
    '1.02.3',
    '1.2.03',
    '1.2.3-',
    '1.2.3-01',
    '1.2.3-rc..1',
    '1.2.3-rc.1.',
    '1.2.3+',
    '1.2.3+a..b',
    '1.2.3-rc$1',
    ' 1.2.3',
    '1.2.3 ',
    '-1.2.3',
    '1.2.-3',
    '1.2.3-+',
    '99999999999999999999.0.0',
  ])('rejects %j', v => {
    expect(parseSemVer(v)).toBeNull();
    expect(isValidSemVer(v)).toBe(false);
  });
});

describe('compareSemVer', () => {
  it('orders by SemVer 2.0.0 precedence (the specification example)', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '1.10.0',
      '2.0.0',
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareSemVer)).toEqual(ordered);
  });

  it('ignores build metadata', () => {
    expect(compareSemVer('1.0.0+a', '1.0.0+b')).toBe(0);
  });

  it('compares numeric identifiers exactly beyond 2^53', () => {
    expect(
      compareSemVer('1.0.0-rc.9007199254740993', '1.0.0-rc.9007199254740992'),
    ).toBe(1);
  });

  it('throws for invalid versions', () => {
    expect(() => compareSemVer('1.0', '1.0.0')).toThrow(InvalidVersionError);
  });
});

describe('incSemVer', () => {
  it.each([
    ['1.2.3', 'patch', '1.2.4'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'major', '2.0.0'],
    ['0.0.9', 'patch', '0.0.10'],
    ['1.2.3+build', 'patch', '1.2.4'],
    ['1.3.0-rc.2', 'patch', '1.3.0'],
    ['1.3.0-rc.2', 'minor', '1.3.0'],
    ['1.3.1-rc.2', 'minor', '1.4.0'],
    ['1.3.0-rc.2', 'major', '2.0.0'],
    ['2.0.0-rc.1', 'major', '2.0.0'],
  ] as const)('%s + %s = %s', (v, bump, expected) => {
    expect(incSemVer(v, bump)).toBe(expected);
  });

  it('throws for an invalid version', () => {
    expect(() => incSemVer('x', 'patch')).toThrow(
      "'x' is not a valid semantic version",
    );
  });
});

describe('diffSemVer', () => {
  it.each([
    ['1.2.3', '2.0.0', 'major'],
    ['1.2.3', '1.5.0', 'minor'],
    ['1.2.3', '1.2.9', 'patch'],
    ['1.2.3-rc.1', '1.2.3', null],
  ])('%s -> %s: %s', (a, b, expected) => {
    expect(diffSemVer(a, b)).toBe(expected);
  });
});
