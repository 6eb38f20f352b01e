import { DEFAULT_ENVIRONMENTS } from '../environments/environments';
import { InvalidVersionError } from '../errors';
import {
  NoReleaseCandidateError,
  NothingToPromoteError,
  UnknownVersionError,
  VersionJumpError,
  planPromotionVersion,
  type PlanInput,
} from './versionRules';

const env = (name: string) => DEFAULT_ENVIRONMENTS.find(e => e.name === name)!;
const HEAD = 'h'.repeat(40);
const tags = [
  { name: 'v1.4.0', sha: 'a'.repeat(40) },
  { name: 'v1.5.0-rc.1', sha: 'b'.repeat(40) },
  { name: 'v1.5.0-rc.2', sha: 'c'.repeat(40) },
  { name: 'v1.6.0-rc.1', sha: 'd'.repeat(40) },
  { name: 'nightly', sha: 'e'.repeat(40) },
];

function plan(
  overrides: Partial<PlanInput> & { environment: PlanInput['environment'] },
) {
  return planPromotionVersion({
    requested: null,
    previous: null,
    tags,
    prefix: 'v',
    head: { sha: HEAD, nextVersion: '1.5.0' },
    ...overrides,
  });
}

describe('planPromotionVersion', () => {
  it('runs WIP in dev', () => {
    expect(plan({ environment: env('dev') })).toEqual({
      kind: 'wip',
      version: 'WIP',
      sha: HEAD,
    });
  });

  it('creates the next rc of the next version in qa, counting per version', () => {
    expect(plan({ environment: env('qa') })).toEqual({
      kind: 'create-tag',
      tag: 'v1.5.0-rc.3',
      version: '1.5.0-rc.3',
      sha: HEAD,
      fromTag: null,
    });
    expect(
      plan({ environment: env('qa'), requested: '1.7.0', allowJump: true }),
    ).toMatchObject({ tag: 'v1.7.0-rc.1' });
    expect(
      plan({ environment: env('qa'), requested: 'v1.6.0', allowJump: true }),
    ).toMatchObject({ tag: 'v1.6.0-rc.2' });
    expect(plan({ environment: env('qa'), requested: '1.5.0' })).toMatchObject({
      tag: 'v1.5.0-rc.3',
    });
  });

  it('redeploys an existing final in qa only when asked (a product release)', () => {
    expect(
      plan({
        environment: env('qa'),
        requested: 'v1.4.0',
        redeployFinal: true,
      }),
    ).toEqual({
      kind: 'existing',
      tag: 'v1.4.0',
      version: '1.4.0',
      sha: 'a'.repeat(40),
    });
    expect(() => plan({ environment: env('qa'), requested: 'v1.4.0' })).toThrow(
      InvalidVersionError,
    );
  });

  describe('refuses in qa, before anything is written,', () => {
    const qa =
      (requested: string, more: Partial<PlanInput> = {}) =>
      () =>
        plan({ environment: env('qa'), requested, ...more });

    it('a version that is not X.Y.Z nor an existing candidate', () => {
      for (const bad of [
        '1.4.0-rc.-1',
        '1.5.0-rc.9',
        '1.5',
        'cart',
        '1.5.0+build',
      ]) {
        expect(qa(bad)).toThrow(InvalidVersionError);
      }
      expect(qa('1.4.0-rc.-1')).toThrow("'1.4.0-rc.-1' is not a version X.Y.Z");
    });

    it('a version that already has a final release', () => {
      expect(qa('1.4.0')).toThrow("'1.4.0' is already released (tag v1.4.0)");
    });

    it('a version below the newest final release, unless from its release branch', () => {
      const released = [...tags, { name: 'v2.7.1', sha: 'f'.repeat(40) }];
      expect(
        qa('1.0.0', {
          tags: released,
          head: { sha: HEAD, nextVersion: '2.8.0' },
        }),
      ).toThrow("'1.0.0' is below the newest release 2.7.1");
      expect(
        plan({
          environment: env('qa'),
          requested: '2.6.5',
          tags: released,
          releaseBranch: true,
          head: { sha: HEAD, nextVersion: '2.6.5' },
        }),
      ).toMatchObject({ tag: 'v2.6.5-rc.1' });
    });

    it('a jump above the next version, unless confirmed', () => {
      expect(qa('9.9.9')).toThrow(VersionJumpError);
      expect(qa('9.9.9')).toThrow(
        'Version 9.9.9 jumps over the next version 1.5.0',
      );
      expect(qa('1.6.0', { head: { sha: HEAD, nextVersion: null } })).toThrow(
        VersionJumpError,
      );
      expect(
        plan({ environment: env('qa'), requested: '9.9.9', allowJump: true }),
      ).toMatchObject({ tag: 'v9.9.9-rc.1' });
    });
  });

  it('reuses an rc already on the head instead of stacking another', () => {
    const withHead = [...tags, { name: 'v1.5.0-rc.3', sha: HEAD }];
    expect(plan({ environment: env('qa'), tags: withHead })).toEqual({
      kind: 'existing',
      tag: 'v1.5.0-rc.3',
      version: '1.5.0-rc.3',
      sha: HEAD,
    });
  });

  it('deploys an existing rc to qa when asked by tag', () => {
    expect(
      plan({ environment: env('qa'), requested: 'v1.5.0-rc.1' }),
    ).toMatchObject({ kind: 'existing', tag: 'v1.5.0-rc.1' });
  });

  it('refuses qa when nothing releases', () => {
    expect(() =>
      plan({ environment: env('qa'), head: { sha: HEAD, nextVersion: null } }),
    ).toThrow(NothingToPromoteError);
  });

  it('takes what the previous environment runs into staging', () => {
    expect(
      plan({
        environment: env('staging'),
        previous: { version: 'v1.5.0-rc.2', sha: null },
      }),
    ).toEqual({
      kind: 'existing',
      tag: 'v1.5.0-rc.2',
      version: '1.5.0-rc.2',
      sha: 'c'.repeat(40),
    });
    expect(() =>
      plan({ environment: env('staging'), requested: 'v9.9.9' }),
    ).toThrow(UnknownVersionError);
    expect(() => plan({ environment: env('staging') })).toThrow(
      NothingToPromoteError,
    );
  });

  it('makes the final tag from the highest rc in prod, on the same commit', () => {
    expect(plan({ environment: env('prod'), requested: '1.5.0' })).toEqual({
      kind: 'create-tag',
      tag: 'v1.5.0',
      version: '1.5.0',
      sha: 'c'.repeat(40),
      fromTag: 'v1.5.0-rc.2',
    });
    // From the previous environment's candidate.
    expect(
      plan({
        environment: env('canary'),
        previous: { version: 'v1.6.0-rc.1', sha: null },
      }),
    ).toMatchObject({
      tag: 'v1.6.0',
      sha: 'd'.repeat(40),
      fromTag: 'v1.6.0-rc.1',
    });
  });

  it('reuses an existing final tag in prod', () => {
    expect(
      plan({
        environment: env('prod'),
        previous: { version: '1.4.0', sha: null },
      }),
    ).toEqual({
      kind: 'existing',
      tag: 'v1.4.0',
      version: '1.4.0',
      sha: 'a'.repeat(40),
    });
  });

  it('aborts prod without a release candidate, naming the version', () => {
    expect(() =>
      plan({ environment: env('prod'), requested: '2.0.0' }),
    ).toThrow(NoReleaseCandidateError);
    expect(() =>
      plan({ environment: env('prod'), requested: '2.0.0' }),
    ).toThrow(/No release candidate of 2\.0\.0/);
    expect(() =>
      plan({ environment: env('prod'), requested: 'latest' }),
    ).toThrow(/'latest' is neither a version/);
    expect(() =>
      plan({
        environment: env('prod'),
        previous: { version: 'WIP', sha: HEAD },
      }),
    ).toThrow(NothingToPromoteError);
  });

  it('works with component tag prefixes', () => {
    expect(
      plan({
        environment: env('prod'),
        prefix: 'cart-v',
        tags: [
          { name: 'cart-v2.0.0-rc.1', sha: 'f'.repeat(40) },
          { name: 'v2.0.0-rc.5', sha: 'a'.repeat(40) },
        ],
        requested: '2.0.0',
      }),
    ).toMatchObject({
      tag: 'cart-v2.0.0',
      sha: 'f'.repeat(40),
      fromTag: 'cart-v2.0.0-rc.1',
    });
  });
});
