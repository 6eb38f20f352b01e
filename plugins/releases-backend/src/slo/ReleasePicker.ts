/*
 * The release picker of a product: its product releases ranked for
 * shipping by the stability of their components where they soak. A
 * product release is as stable as its least stable component; only
 * releases whose every component passed are offered for prod.
 */
import {
  compareSemVer,
  parseSemVer,
  type Bump,
  type ChangelogEntry,
  type Release,
  type ReleaseChannel,
  type ReleasePickerEntry,
  type ReleasePickerResponse,
  type StabilityResponse,
} from '@releases-for-backstage/plugin-releases-common';
import type { ProductReleasesResponse } from '@releases-for-backstage/plugin-releases-common';

const CHANNEL_RANK: Record<ReleaseChannel, number> = {
  alpha: 0,
  beta: 1,
  stable: 2,
};

/** Sections that say what a release adds: new features, fixes, breaking changes. */
const ADDS = new Set(['breaking', 'features', 'fixes', 'performance']);

function bumpBetween(from: string | null, to: string): Bump | null {
  const a = from ? parseSemVer(from) : null;
  const b = parseSemVer(to);
  if (!b) return null;
  if (!a) return 'minor';
  if (compareSemVer(from!, to) >= 0) return null;
  if (b.major !== a.major) return 'major';
  if (b.minor !== a.minor) return 'minor';
  return 'patch';
}

export async function pickReleases(input: {
  system: string;
  environment: string;
  releases: ProductReleasesResponse['releases'];
  /** Catalog refs of the product's components by manifest name. */
  entityRefs: Map<string, string>;
  /** Components that declare SLOs; the others are not judged by stability. */
  declared: Set<string>;
  /** What prod runs of each component (a tag), by entity ref. */
  prod: Map<string, string | null>;
  prodProduct: { version: string; tag: string } | null;
  stability: (entityRef: string, tag: string) => Promise<StabilityResponse>;
  /** The component's releases with their changelogs, newest first. */
  releasesOf: (entityRef: string) => Promise<Release[]>;
}): Promise<ReleasePickerResponse> {
  const entries: ReleasePickerEntry[] = [];
  for (const release of input.releases) {
    const components: ReleasePickerEntry['components'] = [];
    const adds: ReleasePickerEntry['adds'] = [];
    const reasons: string[] = [];
    const stabilities: StabilityResponse[] = [];
    for (const [name, c] of Object.entries(release.manifest.components)) {
      const entityRef = input.entityRefs.get(name);
      if (!entityRef) {
        components.push({
          component: name,
          entityRef: '',
          version: c.version,
          bump: null,
          score: null,
          channel: null,
          judged: false,
        });
        reasons.push(`${name} is not in the catalog`);
        continue;
      }
      const judged = input.declared.has(entityRef);
      const stability = judged
        ? await input.stability(entityRef, c.tag)
        : undefined;
      if (stability) stabilities.push(stability);
      const prodTag = input.prod.get(entityRef) ?? null;
      const prodVersion = prodTag
        ? /(\d+\.\d+\.\d+(?:-[\w.]+)?)$/.exec(prodTag)?.[1] ?? null
        : null;
      components.push({
        component: name,
        entityRef,
        version: c.version,
        bump: bumpBetween(prodVersion, c.version),
        score: stability?.score ?? null,
        channel: stability?.channel ?? null,
        judged,
      });
      if (stability && !stability.passed)
        reasons.push(
          `${name} ${c.version}: ${stability.reasons[0] ?? 'did not pass'}`,
        );
      // What it adds over prod: the finals after prod's version, up to this one.
      if (prodVersion === c.version) continue;
      const own = await input.releasesOf(entityRef);
      const added: ChangelogEntry[] = [];
      for (const r of own) {
        if (r.prerelease || !parseSemVer(r.version)) continue;
        if (compareSemVer(r.version, c.version) > 0) continue;
        if (prodVersion && compareSemVer(r.version, prodVersion) <= 0) continue;
        for (const s of r.changelog.sections)
          if (ADDS.has(s.id)) added.push(...s.entries);
      }
      if (added.length > 0) adds.push({ component: name, entries: added });
    }
    const measured = components.filter(c => c.judged);
    const scores = measured.map(c => c.score);
    const score =
      scores.length > 0 && scores.every((s): s is number => s !== null)
        ? Math.min(...scores)
        : null;
    const channels = measured.map(c => c.channel);
    const channel =
      channels.length > 0 &&
      channels.every((ch): ch is ReleaseChannel => ch !== null)
        ? channels.reduce((a, b) =>
            CHANNEL_RANK[a] <= CHANNEL_RANK[b] ? a : b,
          )
        : null;
    const passed =
      stabilities.length > 0 &&
      stabilities.length === measured.length &&
      components.every(c => c.entityRef) &&
      stabilities.every(s => s.passed);
    if (measured.length === 0) reasons.unshift('no component declares SLOs');
    else if (score === null)
      reasons.unshift('not every component with SLOs was measured');
    entries.push({
      version: release.version,
      tag: release.tag,
      date: release.date,
      score,
      passed,
      channel,
      risk: null,
      soaked: stabilities.length
        ? Math.min(...stabilities.map(s => s.soaked))
        : 0,
      components,
      adds,
      reasons: passed
        ? [`every component passed in ${input.environment}`]
        : reasons,
    });
  }
  entries.sort(
    (a, b) =>
      Number(b.passed) - Number(a.passed) ||
      (b.score ?? -1) - (a.score ?? -1) ||
      compareSemVer(b.version, a.version),
  );
  return {
    system: input.system,
    environment: input.environment,
    prod: input.prodProduct,
    releases: entries,
  };
}
