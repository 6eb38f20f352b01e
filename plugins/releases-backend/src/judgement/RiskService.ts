/*
 * The risk of a release or a change, from its labels: what pipelines
 * reported, what the SCM's pull request carries and what Git shows, in that
 * order of precedence. The release's risk is the highest of its changes.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  assessChangeRisk,
  compareRisk,
  compareSemVer,
  highestPrerelease,
  parseReleaseTag,
  parseSemVer,
  unlabelChangeLabels,
  type ChangeRisk,
  type LabeledChangeLabels,
  type RiskLabelName,
  type RiskLevel,
  type RiskResponse,
  RISK_LABEL_NAMES,
} from '@releases-for-backstage/plugin-releases-common';
import {
  computeComponentSize,
  computeGitLabels,
  groupCommitsIntoChanges,
  mergeLabelSources,
  type Change,
  type GitRepository,
  type RepositoryLocator,
} from '@releases-for-backstage/plugin-releases-node';
import type { JudgementStore } from '../database/JudgementStore';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';
import type { RiskSettings } from './settings';
import { readScmLabels, type ScmLabelReader } from '../changes/scm';

/** A change id as the API takes it: `#12`, `12` or a commit sha. */
export function normalizeChangeId(change: string): string | null {
  const n = /^#?([1-9][0-9]{0,9})$/.exec(change);
  if (n) return `#${n[1]}`;
  if (/^[0-9a-f]{7,40}$/.test(change)) return change;
  return null;
}

export class RiskService {
  /** Component size per repository head: it changes rarely and costs a tree walk. */
  private readonly componentSizes = new Map<string, LabeledChangeLabels>();

  constructor(
    private readonly options: {
      locator: RepositoryLocator;
      store: JudgementStore;
      settings: RiskSettings;
      logger: LoggerService;
      scm?: ScmLabelReader;
    },
  ) {}

  get policy() {
    return this.options.settings.policy;
  }

  /** The full id of a commit of the entity's repository (throws when unknown). */
  async resolveCommit(source: EntityReleaseSource, id: string) {
    const repo = await this.options.locator.open(source.repo);
    return repo.resolveCommit(id);
  }

  /** The version of a tag or version string of the entity, without prefix. */
  static versionOf(source: EntityReleaseSource, version: string): string {
    const tag = parseReleaseTag(version, source.tagPrefix);
    if (tag) return tag.version;
    if (parseSemVer(version)) return version;
    throw new InputError(
      `'${version}' is neither a version nor a tag of ${source.entityRef} (tag prefix '${source.tagPrefix}')`,
    );
  }

  /**
   * The release candidate a final version is (or will be) made from: the rc
   * on the final tag's commit, or before the final tag exists the highest
   * rc, which a production environment tags. Results of that candidate are
   * results of the same commit. Null for a prerelease or without an rc.
   */
  async candidateOf(
    source: EntityReleaseSource,
    version: string,
  ): Promise<string | null> {
    const v = RiskService.versionOf(source, version);
    if (parseSemVer(v)?.prerelease.length !== 0) return null;
    const repo = await this.options.locator.open(source.repo);
    const tags = await repo.listTags();
    const final = tags.find(
      t => parseReleaseTag(t.name, source.tagPrefix)?.version === v,
    );
    const candidates = final
      ? tags.filter(t => t.sha === final.sha && t.name !== final.name)
      : tags;
    return (
      highestPrerelease({
        version: v,
        existingTags: candidates.map(t => t.name),
        prefix: source.tagPrefix,
      })?.version ?? null
    );
  }

  /** The range of commits a version (or `next`) brings: since the previous final release. */
  private async rangeOf(
    repo: GitRepository,
    source: EntityReleaseSource,
    version: string,
  ): Promise<{ include: string; exclude: string | null }> {
    const tags = (await repo.listTags())
      .map(t => ({ t, parsed: parseReleaseTag(t.name, source.tagPrefix) }))
      .filter(x => x.parsed !== null);
    const finals = tags.filter(x => !x.parsed!.isPrerelease);
    if (version === 'next') {
      const latest = finals.sort((a, b) =>
        compareSemVer(b.parsed!.version, a.parsed!.version),
      )[0];
      return { include: 'HEAD', exclude: latest?.t.name ?? null };
    }
    const v = RiskService.versionOf(source, version);
    // A final version is tagged only when a production environment runs it,
    // on its highest rc: until then its gates judge that candidate.
    const own =
      tags.find(x => x.parsed!.version === v)?.t.name ??
      (parseSemVer(v)?.prerelease.length === 0
        ? highestPrerelease({
            version: v,
            existingTags: tags.map(x => x.t.name),
            prefix: source.tagPrefix,
          })?.tag
        : undefined);
    if (!own) {
      throw new NotFoundError(
        `${source.entityRef} has no release ${v} (no tag ${source.tagPrefix}${v} and no release candidate of it)`,
      );
    }
    const base = v.replace(/-.*$/, '');
    const previous = finals
      .filter(x => compareSemVer(x.parsed!.version, base) < 0)
      .sort((a, b) => compareSemVer(b.parsed!.version, a.parsed!.version))[0];
    return { include: own, exclude: previous?.t.name ?? null };
  }

  /** Risk of a version's changes, of `next` (the unreleased commits) or of one change. */
  async assess(
    source: EntityReleaseSource,
    query: { version?: string; change?: string },
  ): Promise<RiskResponse> {
    const repo = await this.options.locator.open(source.repo);
    let changes: Change[];
    if (query.change !== undefined) {
      const id = normalizeChangeId(query.change);
      if (!id) {
        throw new InputError(
          `change '${query.change}' is neither a pull request number nor a commit sha`,
        );
      }
      const commits = await repo.log({ include: ['HEAD'] });
      const all = groupCommitsIntoChanges(commits);
      const found = all.find(
        (c: Change) =>
          c.id === id ||
          (!id.startsWith('#') && c.commits.some(s => s.startsWith(id))),
      );
      if (!found) {
        throw new NotFoundError(
          `${source.entityRef} has no change ${id} on its main line`,
        );
      }
      changes = [found];
    } else {
      const range = await this.rangeOf(repo, source, query.version ?? 'next');
      const commits = await repo.log({
        include: [range.include],
        exclude: range.exclude ? [range.exclude] : [],
      });
      changes = groupCommitsIntoChanges(commits);
    }
    const reported = await this.options.store.labelsOf(
      source.entityRef,
      changes.map(c => c.id),
    );
    const component = await this.componentSize(repo);
    const assessed: ChangeRisk[] = [];
    for (const change of changes) {
      const pipeline: LabeledChangeLabels = {};
      for (const [name, value] of Object.entries(
        reported.get(change.id)?.labels ?? {},
      )) {
        (pipeline as Record<string, unknown>)[name] = {
          value,
          source: 'pipeline',
        };
      }
      const scm = await this.scmLabels(source, change.commits[0]);
      const git = await computeGitLabels(repo, change);
      const labels = mergeLabelSources(pipeline, scm, {
        ...component,
        ...git.labels,
      });
      const a = assessChangeRisk(
        unlabelChangeLabels(labels),
        this.options.settings.policy,
      );
      assessed.push({
        id: change.id,
        title: change.title,
        commits: change.commits,
        level: a.level,
        points: a.points,
        labels,
        unknown: RISK_LABEL_NAMES.filter(
          (n: RiskLabelName) => labels[n] === undefined,
        ),
        contributions: a.contributions,
        reasons: a.reasons,
        hardRule: a.rule,
      });
    }
    const level = assessed.reduce<RiskLevel>(
      (max, c) => (compareRisk(c.level, max) > 0 ? c.level : max),
      'low',
    );
    let version: string | null = null;
    if (query.change === undefined) {
      version =
        query.version === undefined || query.version === 'next'
          ? 'next'
          : RiskService.versionOf(source, query.version);
    }
    return {
      entityRef: source.entityRef,
      version,
      level,
      changes: assessed,
    };
  }

  private async componentSize(
    repo: GitRepository,
  ): Promise<LabeledChangeLabels> {
    const head = await repo.resolveCommit('HEAD');
    const known = this.componentSizes.get(head);
    if (known) return known;
    const size = await computeComponentSize(repo);
    if (this.componentSizes.size > 1000) this.componentSizes.clear();
    this.componentSizes.set(head, size);
    return size;
  }

  /** SCM labels of the change's pull request; an unreachable SCM only loses its labels. */
  private async scmLabels(
    source: EntityReleaseSource,
    sha: string | undefined,
  ): Promise<LabeledChangeLabels> {
    const { scm } = this.options;
    const url = source.repoUrl ?? source.repo;
    if (!scm || !sha || !/^https?:\/\//.test(url)) return {};
    try {
      const found = await readScmLabels(scm, url, sha);
      return found?.labels ?? {};
    } catch (error) {
      this.options.logger.warn(
        `Labels of ${sha} could not be read from ${url}: ${
          (error as Error).message
        }`,
      );
      return {};
    }
  }
}
