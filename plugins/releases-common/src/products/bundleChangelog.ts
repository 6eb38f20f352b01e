/*
 * The changelog of a product version: its components' changelogs bundled,
 * grouped by component. Whoever reads it first needs what can break them,
 * so components with breaking changes come first, and within a component
 * its breaking changes do (as in a component changelog).
 */
import { CHANGELOG_SECTION_TITLES } from '../changelog/buildChangelog';
import { renderChangelogMarkdown } from '../changelog/renderMarkdown';
import { InvalidVersionError, ReleasesError } from '../errors';
import { compareSemVer, parseSemVer } from '../semver';
import type { Changelog, ChangelogSection, ChangelogSectionId } from '../types';
import { compareNames } from './manifest';
import type { ComponentChangeKind } from './nextProductVersion';

export interface BundleChangelogComponent {
  name: string;
  /** Version in the previous product release; `null` when the component is new. */
  fromVersion: string | null;
  /** Version in this product release; `null` when the component was removed. */
  toVersion: string | null;
  /**
   * The component's changelog for the range, or one per version of the
   * range (newest first); `null` when there is none (e.g. removed).
   */
  changelog: Changelog | readonly Changelog[] | null;
  /** Link for the component, e.g. its Releases tab or repository. */
  url?: string;
}

export interface BundleChangelogInput {
  product: string;
  /** The previous product version; `null` for the first release. */
  from: string | null;
  /** The product version the changelog is for. */
  to: string;
  /** Release date (ISO 8601; only the date part is kept). */
  date?: string | null;
  components: readonly BundleChangelogComponent[];
}

export interface ProductChangelogComponent {
  name: string;
  fromVersion: string | null;
  toVersion: string | null;
  change: ComponentChangeKind;
  url?: string;
  /** Web link comparing the component's two versions, when its changelog had one. */
  compareUrl?: string;
  /** Number of entries under breaking changes. */
  breakingChanges: number;
  /** Non-empty sections, breaking changes first, in the order of `ChangelogSectionId`. */
  sections: ChangelogSection[];
}

export interface ProductChangelog {
  product: string;
  version: string;
  previousVersion: string | null;
  /** ISO date (YYYY-MM-DD), when known. */
  date: string | null;
  /** Components with breaking changes first, then by name. */
  components: ProductChangelogComponent[];
  /** Breaking changes over all components. */
  breakingChanges: number;
}

const SECTION_ORDER = Object.keys(
  CHANGELOG_SECTION_TITLES,
) as ChangelogSectionId[];

function checkVersion(version: string | null): void {
  if (version !== null && !parseSemVer(version)) {
    throw new InvalidVersionError(version);
  }
}

function changeOf(from: string | null, to: string | null): ComponentChangeKind {
  if (from === null) return 'added';
  if (to === null) return 'removed';
  const c = compareSemVer(to, from);
  if (c < 0) return 'downgraded';
  return c > 0 || from !== to ? 'changed' : 'unchanged';
}

function mergeSections(changelogs: readonly Changelog[]): ChangelogSection[] {
  const byId = new Map<ChangelogSectionId, ChangelogSection>();
  for (const changelog of changelogs) {
    for (const section of changelog.sections) {
      const into = byId.get(section.id);
      if (into) into.entries.push(...section.entries);
      else byId.set(section.id, { ...section, entries: [...section.entries] });
    }
  }
  return SECTION_ORDER.flatMap(id => {
    const s = byId.get(id);
    return s && s.entries.length > 0 ? [s] : [];
  });
}

/**
 * Bundles component changelogs into a product changelog. Throws
 * `InvalidVersionError` for a version that is not semver and
 * `ReleasesError` for a component listed twice.
 */
export function bundleChangelog(input: BundleChangelogInput): ProductChangelog {
  checkVersion(input.from);
  checkVersion(input.to);
  const seen = new Set<string>();
  const components = input.components.map(c => {
    if (seen.has(c.name)) {
      throw new ReleasesError(`Component '${c.name}' is listed twice`);
    }
    seen.add(c.name);
    checkVersion(c.fromVersion);
    checkVersion(c.toVersion);
    let changelogs: readonly Changelog[] = [];
    if (Array.isArray(c.changelog)) changelogs = c.changelog;
    else if (c.changelog) changelogs = [c.changelog as Changelog];
    const sections = mergeSections(changelogs);
    const breaking = sections.find(s => s.id === 'breaking');
    const out: ProductChangelogComponent = {
      name: c.name,
      fromVersion: c.fromVersion,
      toVersion: c.toVersion,
      change: changeOf(c.fromVersion, c.toVersion),
      breakingChanges: breaking ? breaking.entries.length : 0,
      sections,
    };
    if (c.url) out.url = c.url;
    const compareUrl =
      changelogs.length === 1 ? changelogs[0].compareUrl : undefined;
    if (compareUrl) out.compareUrl = compareUrl;
    return out;
  });
  components.sort(
    (a, b) =>
      Number(b.breakingChanges > 0) - Number(a.breakingChanges > 0) ||
      compareNames(a.name, b.name),
  );
  return {
    product: input.product,
    version: input.to,
    previousVersion: input.from,
    date: input.date ? input.date.slice(0, 10) : null,
    components,
    breakingChanges: components.reduce((n, c) => n + c.breakingChanges, 0),
  };
}

function componentHeading(c: ProductChangelogComponent): string {
  const name = c.url ? `[${c.name}](${c.url})` : c.name;
  let versions: string;
  switch (c.change) {
    case 'added':
      versions = `${c.toVersion} (new)`;
      break;
    case 'removed':
      versions = `removed (was ${c.fromVersion})`;
      break;
    default:
      versions = `${c.fromVersion} → ${c.toVersion}${
        c.change === 'downgraded' ? ' (downgraded)' : ''
      }`;
  }
  if (c.compareUrl && c.change !== 'removed') {
    versions = `[${versions}](${c.compareUrl})`;
  }
  return `### ${name} ${versions}`;
}

/**
 * Renders a product changelog as markdown: a `##` heading for the product
 * version, a `###` heading per component, its sections under `####`, the
 * entries as a component changelog writes them (with their links).
 */
export function renderProductChangelogMarkdown(
  bundle: ProductChangelog,
): string {
  const from = bundle.previousVersion
    ? ` (from ${bundle.previousVersion})`
    : '';
  const date = bundle.date ? ` (${bundle.date})` : '';
  let out = `## ${bundle.product} ${bundle.version}${from}${date}\n`;
  const breaking = bundle.components.filter(c => c.breakingChanges > 0);
  if (breaking.length > 0) {
    out += `\n**${CHANGELOG_SECTION_TITLES.breaking}** in ${breaking
      .map(c => c.name)
      .join(', ')}\n`;
  }
  for (const c of bundle.components) {
    out += `\n${componentHeading(c)}\n`;
    if (c.sections.length === 0) {
      out += c.change === 'removed' ? '' : '\nNo changes listed.\n';
      continue;
    }
    const titles = new Set(c.sections.map(s => `### ${s.title}`));
    // The component's own rendering, so entries read (and link) the same.
    const text = renderChangelogMarkdown({
      version: c.toVersion ?? c.fromVersion,
      previousVersion: null,
      date: null,
      sections: c.sections,
    });
    const lines = text.split('\n').slice(1);
    out += lines.map(l => (titles.has(l) ? `#${l}` : l)).join('\n');
  }
  return out;
}
