import type { EnvironmentStatus } from '@releases-for-backstage/plugin-releases-common';
import {
  environmentsResponse,
  promotionReleasesResponse,
} from '../__fixtures__/environments';
import { describeRule, previewPromotion } from './preview';

const { releases, tagPrefix } = promotionReleasesResponse;
const env = (name: string) =>
  environmentsResponse.environments.find(e => e.environment === name)!;

function preview(
  target: string,
  previous: string | undefined,
  chosenTag: string | null = null,
  nextVersion?: string | null,
) {
  return previewPromotion({
    target: env(target),
    previous: previous ? env(previous) : undefined,
    chosenTag,
    releases,
    tagPrefix,
    nextVersion,
  });
}

describe('describeRule', () => {
  it.each([
    [
      'dev',
      /runs work in progress: the head of the release branch, deployed as WIP/,
    ],
    [
      'qa',
      /tags the head of the release branch with the next release candidate, vX\.Y\.Z-rc\.N/,
    ],
    [
      'staging',
      /^staging takes what qa runs, or the tag you pick\. No tag is created\.$/,
    ],
    [
      'canary',
      /^canary takes the highest release candidate of a version X\.Y\.Z and tags it vX\.Y\.Z .*by default the version staging runs/,
    ],
  ])('explains the rule of %s', (name, rule) => {
    const i = environmentsResponse.environments.indexOf(env(name));
    expect(
      describeRule(env(name), environmentsResponse.environments[i - 1]),
    ).toMatch(rule);
  });

  it('uses the tag prefix in the examples', () => {
    expect(describeRule(env('prod'), undefined, 'cart-v')).toContain(
      'tags it cart-vX.Y.Z',
    );
  });
});

describe('previewPromotion', () => {
  it('deploys the branch head into dev by default', () => {
    expect(preview('dev', undefined)).toMatchObject({
      defaultLabel: 'Branch head (WIP)',
      expected: 'WIP',
      warning: null,
      source: { kind: 'head' },
    });
  });

  it('makes the next release candidate for qa, or warns when nothing releases', () => {
    expect(preview('qa', 'dev', null, '1.6.0')).toMatchObject({
      defaultLabel: 'Next release candidate of 1.6.0',
      expected: 'v1.6.0-rc.1',
      warning: null,
      source: { kind: 'head' },
    });
    expect(preview('qa', 'dev', null, null).warning).toMatch(
      /^Nothing to release/,
    );
  });

  it('takes what the previous environment runs into staging', () => {
    expect(preview('staging', 'qa')).toMatchObject({
      defaultLabel: 'What qa runs (v1.5.0-rc.1)',
      expected: 'v1.5.0-rc.1',
      source: { kind: 'tag', tag: 'v1.5.0-rc.1' },
    });
  });

  it('warns when the previous environment runs nothing or a branch head', () => {
    const empty: EnvironmentStatus = { ...env('qa'), version: null };
    expect(
      previewPromotion({
        target: env('staging'),
        previous: empty,
        chosenTag: null,
        releases,
        tagPrefix,
      }),
    ).toMatchObject({
      defaultLabel: 'What qa runs (nothing yet)',
      warning: 'qa runs nothing yet: pick a tag.',
      source: null,
    });
    expect(
      previewPromotion({
        target: env('staging'),
        previous: env('dev'),
        chosenTag: null,
        releases,
        tagPrefix,
      }).warning,
    ).toBe(
      'dev runs a branch head (WIP), which staging cannot take: pick a tag.',
    );
  });

  it('turns the highest candidate into the final release for prod', () => {
    // staging runs v1.4.0-rc.2, but v1.4.0 exists: prod deploys it.
    expect(preview('canary', 'staging')).toMatchObject({
      expected: 'v1.4.0',
      source: { kind: 'tag', tag: 'v1.4.0' },
    });
    expect(preview('prod', 'canary', 'v1.5.0-rc.1')).toMatchObject({
      expected: 'v1.5.0 (from v1.5.0-rc.1)',
      warning: null,
      source: { kind: 'tag', tag: 'v1.5.0-rc.1' },
    });
  });

  it('warns when prod is asked for a version without a release candidate', () => {
    expect(preview('prod', 'canary', '1.1.0')).toMatchObject({
      expected: null,
      warning:
        'No release candidate of 1.1.0 is among the tags, so prod is likely to refuse it: promote 1.1.0 through qa first.',
      source: null,
    });
  });

  it('counts the candidates of the version up', () => {
    expect(preview('qa', 'dev', null, '1.5.0')).toMatchObject({
      expected: 'v1.5.0-rc.2',
      warning: null,
      jump: null,
    });
  });

  it('asks to confirm a qa version above the next version, naming both', () => {
    const jump = preview('qa', 'dev', '2.0.0', '1.5.0');
    expect(jump).toMatchObject({
      expected: 'v2.0.0-rc.1',
      source: { kind: 'head' },
      jump: { version: '2.0.0', next: '1.5.0' },
    });
    expect(jump.warning).toMatch(/^2\.0\.0 is above 1\.5\.0/);
    // The next version itself, or one between, is no jump.
    expect(preview('qa', 'dev', '1.5.0', '1.5.0')).toMatchObject({
      expected: 'v1.5.0-rc.2',
      jump: null,
      warning: null,
    });
  });

  it('warns about a qa version that is released, below the newest release or not X.Y.Z', () => {
    expect(preview('qa', 'dev', 'v1.4.0', '1.5.0')).toMatchObject({
      expected: null,
      jump: null,
      warning: expect.stringMatching(/'1\.4\.0' is already released/),
    });
    expect(preview('qa', 'dev', '1.3.5', '1.5.0').warning).toMatch(
      /'1\.3\.5' is below the newest release 1\.4\.0/,
    );
    expect(preview('qa', 'dev', 'banana', '1.5.0').warning).toMatch(
      /'banana' is not a version X\.Y\.Z/,
    );
  });

  it('redeploys an existing candidate into qa', () => {
    expect(preview('qa', 'dev', 'v1.5.0-rc.1', '1.5.0')).toMatchObject({
      expected: 'v1.5.0-rc.1',
      source: { kind: 'tag', tag: 'v1.5.0-rc.1' },
      warning: null,
    });
  });

  it('foresees nothing of a new candidate while the next version is unknown', () => {
    expect(preview('qa', 'dev', null, undefined)).toMatchObject({
      expected: null,
      warning: null,
      source: { kind: 'head' },
    });
  });

  it('warns about a tag that does not exist', () => {
    expect(preview('staging', 'qa', 'v9.9.9').warning).toBe(
      'v9.9.9 is not among the release tags, so staging is likely to refuse it: pick a tag.',
    );
  });

  it('deploys a chosen tag as it is outside prod', () => {
    expect(preview('staging', 'qa', 'v1.3.0')).toMatchObject({
      expected: 'v1.3.0',
      source: { kind: 'tag', tag: 'v1.3.0' },
    });
  });
});
