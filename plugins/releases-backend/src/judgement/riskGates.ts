/*
 * Gates chosen by risk, on the engine's seam. In the environments listed in
 * `releases.risk.environments`: a low-risk release goes through; a medium
 * one needs a passed smoke result for its version from an isolated test
 * environment; a high one needs that and a release manager's approval
 * (the approval gate asks `approvalNeeded`). A release with a
 * feature-toggled change needs passed results with the toggle on and off.
 * Rollbacks never wait.
 */
import {
  WIP_VERSION,
  compareRisk,
  type RiskLevel,
  type RiskResponse,
  type TestResult,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  PromotionCheckContext,
  PromotionGate,
} from '@releases-for-backstage/plugin-releases-node';
import type { JudgementStore } from '../database/JudgementStore';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';
import { RiskService } from './RiskService';
import type { RiskSettings } from './settings';

const MEMO_MS = 15_000;

/** Whether the newest result of a kind (and toggle) passed; a newer failure undoes an older pass. */
export function newestPassed(
  results: readonly TestResult[],
  filter: (r: TestResult) => boolean,
): { passed: boolean; result: TestResult | null } {
  const newest = results
    .filter(filter)
    .sort(
      (a, b) =>
        b.reportedAt.localeCompare(a.reportedAt) || Number(b.id) - Number(a.id),
    )[0];
  return { passed: newest?.status === 'passed', result: newest ?? null };
}

function describeResult(r: TestResult | null, what: string): string {
  if (!r) return `a passed ${what}`;
  return `a passed ${what} (the latest, ${r.reportedAt}, ${r.status}${
    r.summary ? `: ${r.summary}` : ''
  }${r.url ? `, ${r.url}` : ''})`;
}

export class RiskGates {
  private readonly memo = new Map<
    string,
    { at: number; risk: Promise<RiskResponse> }
  >();

  constructor(
    private readonly options: {
      settings: RiskSettings;
      risk: RiskService;
      store: JudgementStore;
      /** The entity's release source, read with the plugin's own credentials. */
      sourceOf: (entityRef: string) => Promise<EntityReleaseSource>;
      now?: () => number;
    },
  ) {}

  /** Drops what was computed for an entity (new labels or results arrived). */
  forget(entityRef: string) {
    for (const key of this.memo.keys()) {
      if (key.startsWith(`${entityRef}|`)) this.memo.delete(key);
    }
  }

  private applies(context: PromotionCheckContext): boolean {
    return (
      !context.rollback &&
      context.version !== WIP_VERSION &&
      this.options.settings.environments[context.environment.name] !== undefined
    );
  }

  /** The release's risk, at least the environment's minimum. */
  async levelOf(context: PromotionCheckContext): Promise<{
    level: RiskLevel;
    risk: RiskResponse;
    raisedBy: RiskLevel | null;
  }> {
    const now = (this.options.now ?? Date.now)();
    const key = `${context.entityRef}|${context.version}`;
    let entry = this.memo.get(key);
    if (!entry || now - entry.at > MEMO_MS) {
      const risk = this.options
        .sourceOf(context.entityRef)
        .then(source =>
          this.options.risk.assess(source, { version: context.version }),
        );
      entry = { at: now, risk };
      this.memo.set(key, entry);
      risk.catch(() => this.memo.delete(key));
    }
    const risk = await entry.risk;
    const configured =
      this.options.settings.environments[context.environment.name]?.minimum ??
      'low';
    const setting = context.settings.minimum;
    const minimum =
      typeof setting === 'string' &&
      ['low', 'medium', 'high'].includes(setting) &&
      compareRisk(setting as RiskLevel, configured) > 0
        ? (setting as RiskLevel)
        : configured;
    return compareRisk(minimum, risk.level) > 0
      ? { level: minimum, risk, raisedBy: minimum }
      : { level: risk.level, risk, raisedBy: null };
  }

  /** For the approval gate: a high-risk release needs a release manager's approval. */
  async approvalNeeded(context: PromotionCheckContext): Promise<boolean> {
    if (!this.applies(context)) return false;
    return (await this.levelOf(context)).level === 'high';
  }

  private async results(context: PromotionCheckContext) {
    const source = await this.options.sourceOf(context.entityRef);
    const version = RiskService.versionOf(source, context.version);
    const own = await this.options.store.results(context.entityRef, {
      version,
    });
    // A final version's candidate is the same commit: its results count.
    const candidate = await this.options.risk.candidateOf(source, version);
    if (!candidate) return own;
    const tested = await this.options.store.results(context.entityRef, {
      version: candidate,
    });
    return [...own, ...tested];
  }

  private isolated(r: TestResult): boolean {
    return (
      r.environment === null ||
      this.options.settings.isolatedEnvironments.includes(r.environment)
    );
  }

  gates(): PromotionGate[] {
    return [
      {
        id: 'risk',
        evaluate: async context => {
          if (!this.applies(context)) return null;
          const { level, risk, raisedBy } = await this.levelOf(context);
          const worst = risk.changes.filter(c => c.level === risk.level);
          const named = worst
            .slice(0, 3)
            .map(c =>
              `${c.id.startsWith('#') ? c.id : c.id.slice(0, 7)} ${
                c.title
              }`.trim(),
            )
            .join(', ');
          return {
            status: 'met' as const,
            detail: `${level} risk${
              raisedBy
                ? ` (${context.environment.name} counts every release as at least ${raisedBy}; measured ${risk.level})`
                : ''
            }${
              risk.changes.length === 0
                ? ': no changes'
                : `: ${risk.changes.length} change(s), highest ${risk.level}${
                    named ? ` from ${named}` : ''
                  }`
            }`,
          };
        },
      },
      {
        id: 'smoke',
        evaluate: async context => {
          if (!this.applies(context)) return null;
          const { level } = await this.levelOf(context);
          if (level === 'low') return null;
          const smoke = newestPassed(
            await this.results(context),
            r => r.kind === 'smoke' && this.isolated(r),
          );
          return smoke.passed
            ? {
                status: 'met' as const,
                detail: `smoke passed for ${smoke.result!.version}${
                  smoke.result!.url ? ` (${smoke.result!.url})` : ''
                }`,
              }
            : {
                status: 'pending' as const,
                detail: `${describeResult(
                  smoke.result,
                  `smoke result for ${context.version} from an isolated test environment`,
                )}, since the release is ${level} risk`,
              };
        },
      },
      {
        id: 'toggle-results',
        evaluate: async context => {
          if (!this.applies(context)) return null;
          const { risk } = await this.levelOf(context);
          const toggled = risk.changes.filter(
            c => c.labels['feature-toggle']?.value === true,
          );
          if (toggled.length === 0) return null;
          const results = await this.results(context);
          const missing: string[] = [];
          for (const toggle of ['on', 'off'] as const) {
            const r = newestPassed(results, x => x.toggle === toggle);
            if (!r.passed)
              missing.push(
                describeResult(r.result, `result with the toggle ${toggle}`),
              );
          }
          return missing.length === 0
            ? {
                status: 'met' as const,
                detail: `passed with the toggle on and off (${toggled
                  .map(c => c.id)
                  .join(', ')})`,
              }
            : {
                status: 'pending' as const,
                detail: `${missing.join(' and ')}: ${toggled
                  .map(c => c.id)
                  .join(', ')} ship behind a feature toggle`,
              };
        },
      },
    ];
  }
}
