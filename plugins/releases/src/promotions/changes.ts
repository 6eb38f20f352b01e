import type {
  Changelog,
  ChangelogEntry,
  ChangelogSection,
  Release,
} from '@releases-for-backstage/plugin-releases-common';
import { compareSemVer } from '@releases-for-backstage/plugin-releases-common';
import { deployedSemVer } from '../environments';

/** Where a promotion's version comes from, for listing what it changes. */
export type ChangeSource =
  /** An existing release tag. */
  | { kind: 'tag'; tag: string }
  /** The head of the release branch: every release plus the unreleased commits. */
  | { kind: 'head' };

/** What promoting `source` over `current` changes. */
export type Changes =
  | {
      kind: 'changes';
      /** Merged changelog of the releases in between, each commit once. */
      changelog: Changelog;
      /** Tags of the releases in between, newest first. */
      releases: string[];
      /** True when unreleased commits of the branch head are included. */
      unreleased: boolean;
    }
  /** No changelog can be listed; `message` says why. */
  | { kind: 'unknown'; message: string };

export interface ChangesBetweenInput {
  environment: string;
  /** What the environment runs now: a tag, `WIP`, or null. */
  current: string | null;
  source: ChangeSource;
  /** Releases of the entity, newest first. */
  releases: Release[];
  tagPrefix: string;
  /** Changelog of the commits since the latest release, for a head source. */
  unreleased?: Changelog;
}

function mergeChangelogs(
  changelogs: Changelog[],
  skip: ReadonlySet<string>,
  meta: Pick<Changelog, 'version' | 'previousVersion'>,
): Changelog {
  const sections = new Map<string, ChangelogSection>();
  const seen = new Set(skip);
  for (const changelog of changelogs) {
    for (const section of changelog.sections) {
      for (const entry of section.entries) {
        if (seen.has(entry.sha)) continue;
        seen.add(entry.sha);
        let merged = sections.get(section.id);
        if (!merged) {
          merged = { id: section.id, title: section.title, entries: [] };
          sections.set(section.id, merged);
        }
        merged.entries.push(entry);
      }
    }
  }
  return { ...meta, date: null, sections: [...sections.values()] };
}

function shasOf(changelogs: Changelog[]): Set<string> {
  const shas = new Set<string>();
  for (const changelog of changelogs) {
    for (const section of changelog.sections) {
      section.entries.forEach((entry: ChangelogEntry) => shas.add(entry.sha));
    }
  }
  return shas;
}

/**
 * The changes a promotion brings into an environment: the changelogs of the
 * releases after what the environment runs (exclusive) up to the source
 * (inclusive), merged so each commit appears once. Commits already listed
 * by a release up to the current one are left out, so a final release whose
 * changelog repeats its release candidates adds only what is new.
 */
export function changesBetween(input: ChangesBetweenInput): Changes {
  const { environment, current, source, releases, tagPrefix } = input;
  if (current === null) {
    return {
      kind: 'unknown',
      message: `Nothing is deployed in ${environment} yet, so everything is new.`,
    };
  }
  const from = deployedSemVer(current, tagPrefix);
  if (from === null) {
    return {
      kind: 'unknown',
      message: `${environment} runs ${current}, which is not a release tag, so the changes cannot be listed.`,
    };
  }

  let to: string | null = null;
  if (source.kind === 'tag') {
    to = deployedSemVer(source.tag, tagPrefix);
    if (to === null) {
      return {
        kind: 'unknown',
        message: `${source.tag} is not a release tag, so the changes cannot be listed.`,
      };
    }
    const order = compareSemVer(to, from);
    if (order === 0) {
      return {
        kind: 'unknown',
        message: `${environment} already runs ${current}: nothing changes.`,
      };
    }
    if (order < 0) {
      return {
        kind: 'unknown',
        message: `${source.tag} is older than ${current}, which ${environment} runs: this goes back.`,
      };
    }
  }

  const known = releases.filter(r => deployedSemVer(r.tag, tagPrefix));
  const upToCurrent = known.filter(r => compareSemVer(r.version, from) <= 0);
  const between = known.filter(
    r =>
      compareSemVer(r.version, from) > 0 &&
      (to === null || compareSemVer(r.version, to) <= 0),
  );
  const unreleased =
    source.kind === 'head' && input.unreleased ? [input.unreleased] : [];
  return {
    kind: 'changes',
    changelog: mergeChangelogs(
      [...unreleased, ...between.map(r => r.changelog)],
      shasOf(upToCurrent.map(r => r.changelog)),
      {
        version: source.kind === 'tag' ? to : input.unreleased?.version ?? null,
        previousVersion: from,
      },
    ),
    releases: between.map(r => r.tag),
    unreleased: unreleased.length > 0,
  };
}
