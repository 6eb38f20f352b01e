import type { Changelog } from '@releases-for-backstage/plugin-releases-common';
import type { Changes } from './changes';
import { changesBetween } from './changes';
import { promotionReleasesResponse } from '../__fixtures__/environments';

const { releases, tagPrefix } = promotionReleasesResponse;

function descriptions(changes: Changes): string[] {
  if (changes.kind !== 'changes') throw new Error(changes.message);
  return changes.changelog.sections.flatMap(s =>
    s.entries.map(e => `${s.id}: ${e.description}`),
  );
}

describe('changesBetween', () => {
  it('lists the releases after the current one up to the source', () => {
    const changes = changesBetween({
      environment: 'prod',
      current: 'v1.3.0',
      source: { kind: 'tag', tag: 'v1.4.0-rc.2' },
      releases,
      tagPrefix,
    });
    expect(changes).toMatchObject({
      kind: 'changes',
      releases: ['v1.4.0-rc.2', 'v1.4.0-rc.1'],
      unreleased: false,
      changelog: { version: '1.4.0-rc.2', previousVersion: '1.3.0' },
    });
    // Newest release first; the view orders the sections.
    expect(descriptions(changes)).toEqual([
      'features: pay with gift cards',
      'fixes: round totals to cents',
    ]);
  });

  it('lists each commit once and leaves out what the environment already has', () => {
    // v1.4.0 repeats the changes of both candidates; staging has them.
    const changes = changesBetween({
      environment: 'staging',
      current: 'v1.4.0-rc.2',
      source: { kind: 'tag', tag: 'v1.5.0-rc.1' },
      releases,
      tagPrefix,
    });
    expect(changes).toMatchObject({ releases: ['v1.5.0-rc.1', 'v1.4.0'] });
    expect(descriptions(changes)).toEqual(['features: saved carts']);
  });

  it('adds the unreleased commits for the branch head', () => {
    const unreleased: Changelog = {
      version: '1.5.0',
      previousVersion: '1.5.0-rc.1',
      date: null,
      sections: [
        {
          id: 'fixes',
          title: 'Bug fixes',
          entries: [
            {
              sha: 'f000006'.padEnd(40, 'f'),
              shortSha: 'f000006',
              type: 'fix',
              scope: null,
              description: 'show the empty cart banner',
              authorName: 'Grace',
              date: '2026-11-20T09:00:00.000Z',
            },
          ],
        },
      ],
    };
    const changes = changesBetween({
      environment: 'qa',
      current: 'v1.4.0',
      source: { kind: 'head' },
      releases,
      tagPrefix,
      unreleased,
    });
    expect(changes).toMatchObject({
      kind: 'changes',
      releases: ['v1.5.0-rc.1'],
      unreleased: true,
      changelog: { version: '1.5.0', previousVersion: '1.4.0' },
    });
    expect(descriptions(changes)).toEqual([
      'fixes: show the empty cart banner',
      'features: saved carts',
    ]);
  });

  it.each([
    [null, 'v1.4.0', 'Nothing is deployed in qa yet, so everything is new.'],
    [
      'WIP',
      'v1.4.0',
      'qa runs WIP, which is not a release tag, so the changes cannot be listed.',
    ],
    ['v1.4.0', 'v1.4.0', 'qa already runs v1.4.0: nothing changes.'],
    [
      'v1.4.0',
      'v1.3.0',
      'v1.3.0 is older than v1.4.0, which qa runs: this goes back.',
    ],
    [
      'v1.4.0',
      'main',
      'main is not a release tag, so the changes cannot be listed.',
    ],
  ])(
    'explains why nothing is listed from %s to %s',
    (current, tag, message) => {
      expect(
        changesBetween({
          environment: 'qa',
          current,
          source: { kind: 'tag', tag },
          releases,
          tagPrefix,
        }),
      ).toEqual({ kind: 'unknown', message });
    },
  );
});
