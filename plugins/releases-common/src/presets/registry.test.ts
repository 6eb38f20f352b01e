import { parseCommit } from '../commits/parseCommit';
import {
  DuplicatePresetError,
  ReleasesError,
  UnknownPresetError,
} from '../errors';
import { computeNextVersion } from '../versioning/nextVersion';
import { AngularPreset } from './angular';
import { ConventionalCommitsPreset } from './conventionalcommits';
import type { VersioningPreset } from './preset';
import {
  getPreset,
  listPresets,
  registerPreset,
  resolvePreset,
} from './registry';

describe('preset registry', () => {
  it('creates the built-in presets by name', () => {
    expect(getPreset('conventionalcommits')).toBeInstanceOf(
      ConventionalCommitsPreset,
    );
    expect(getPreset('angular')).toBeInstanceOf(AngularPreset);
    expect(getPreset('angular').name).toBe('angular');
    expect(listPresets().slice(0, 2)).toEqual([
      'conventionalcommits',
      'angular',
    ]);
  });

  it('names the unknown preset and the valid ones', () => {
    expect(() => getPreset('semantic')).toThrow(
      "Unknown versioning preset 'semantic'; valid presets are: 'conventionalcommits', 'angular'",
    );
    let error: unknown;
    try {
      getPreset('Angular');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownPresetError);
    expect(error).toBeInstanceOf(ReleasesError);
    expect(error).toMatchObject({
      name: 'UnknownPresetError',
      preset: 'Angular',
      validPresets: ['conventionalcommits', 'angular'],
    });
  });

  it('lets third parties register a preset, usable by name', () => {
    // "Every commit is a patch", a convention some teams use.
    const alwaysPatch: VersioningPreset = {
      name: 'always-patch',
      prepare: commits => [...commits],
      bump: () => 'patch',
      breakingNote: () => null,
      section: () => 'other',
      releaseAs: () => null,
      adjustBump: bump => bump,
    };
    registerPreset('always-patch', () => alwaysPatch);
    expect(listPresets()).toContain('always-patch');
    expect(resolvePreset('always-patch')).toBe(alwaysPatch);
    const commit = parseCommit({
      sha: 'a'.repeat(40),
      parents: [],
      authorName: 'J',
      authorEmail: 'j@x',
      date: '2026-01-01',
      message: 'Update README',
    });
    expect(
      computeNextVersion({
        current: '1.0.0',
        commits: [commit],
        preset: 'always-patch',
      }).next,
    ).toBe('1.0.1');
  });

  it('refuses to register a name twice, built-in or not', () => {
    expect(() => registerPreset('angular', () => new AngularPreset())).toThrow(
      DuplicatePresetError,
    );
    registerPreset('mine', () => new AngularPreset());
    expect(() => registerPreset('mine', () => new AngularPreset())).toThrow(
      "A versioning preset named 'mine' is already registered",
    );
    expect(() => registerPreset(' ', () => new AngularPreset())).toThrow(
      ReleasesError,
    );
  });

  it('passes preset objects through', () => {
    const preset = new ConventionalCommitsPreset();
    expect(resolvePreset(preset)).toBe(preset);
  });
});
