/*
 * The stability score of a release in an environment (staging, canary):
 * 0-100 over its soak time, from SLO evaluations taken at a fixed
 * interval and the test results pipelines pushed. The formula is in
 * docs/stability.md; every weight and threshold is configurable. Pure.
 */
import type { ReleaseChannel } from '../api';

/** One SLO evaluation of the release, as stored. */
export interface StabilityEvaluation {
  /** When it was taken (ISO 8601). */
  at: string;
  result: 'pass' | 'warning' | 'fail';
  /** 0-100. */
  score: number;
  /** A source that was down or had no data: counts as a failed interval, never as a pass. */
  noData?: boolean;
}

/** The newest pushed result of one kind of test (smoke, load, …). */
export interface StabilityResult {
  kind: string;
  status: 'passed' | 'failed';
  at: string;
}

export interface StabilitySettings {
  /** How long the release must run before it can pass, in minutes (e.g. 1440). */
  soakMinutes: number;
  /** The evaluation interval in minutes (e.g. 30). */
  intervalMinutes: number;
  /** The score a release needs to pass (default 90). */
  passScore: number;
  /** Weights of the two parts (default 0.7 and 0.3). */
  weights: { evaluations: number; results: number };
  /** Kinds of test whose failure alone fails the release (default smoke). */
  requiredResults: string[];
  /** Channels from score and soaked share of the soak time. */
  channels: {
    beta: { score: number; soaked: number };
  };
}

export const DEFAULT_STABILITY_SETTINGS: StabilitySettings = {
  soakMinutes: 24 * 60,
  intervalMinutes: 30,
  passScore: 90,
  weights: { evaluations: 0.7, results: 0.3 },
  requiredResults: ['smoke'],
  channels: { beta: { score: 75, soaked: 0.25 } },
};

export interface StabilityScore {
  /** 0-100, or null when nothing was measured. */
  score: number | null;
  /** Whether it reached the configured score over its whole soak time. */
  passed: boolean;
  /** null until anything was measured. */
  channel: ReleaseChannel | null;
  /** Share of the soak time it has run (0-1). */
  soaked: number;
  /** Intervals due so far, and how many have an evaluation with data. */
  intervals: { due: number; measured: number; failed: number };
  /** The parts of the score, for display. */
  parts: { evaluations: number | null; results: number | null };
  /** Why it passes, does not yet, or cannot. */
  reasons: string[];
}

const MINUTE = 60_000;

/**
 * The score of a release that started running at `since`, seen at `now`.
 * Each interval of `intervalMinutes` since `since` counts its newest
 * evaluation; an interval without one, or with no data, scores 0. As in
 * canary judges, every interval must reach warning and the last must
 * pass; a failed interval keeps the release from passing, whatever its
 * average.
 */
export function computeStability(input: {
  since: string;
  now: string;
  evaluations: readonly StabilityEvaluation[];
  results: readonly StabilityResult[];
  settings?: Partial<StabilitySettings>;
}): StabilityScore {
  const settings = { ...DEFAULT_STABILITY_SETTINGS, ...input.settings };
  const since = Date.parse(input.since);
  const now = Date.parse(input.now);
  if (Number.isNaN(since) || Number.isNaN(now) || now < since) {
    throw new RangeError(`invalid soak window ${input.since} .. ${input.now}`);
  }
  if (!(settings.intervalMinutes > 0) || !(settings.soakMinutes > 0)) {
    throw new RangeError('intervalMinutes and soakMinutes must be positive');
  }
  const elapsed = (now - since) / MINUTE;
  const soaked = Math.min(1, elapsed / settings.soakMinutes);
  const due = Math.floor(
    Math.min(elapsed, settings.soakMinutes) / settings.intervalMinutes,
  );
  const reasons: string[] = [];

  // The newest evaluation of each interval, before the soak time ends.
  const byInterval = new Map<number, StabilityEvaluation>();
  for (const e of input.evaluations) {
    const at = Date.parse(e.at);
    if (Number.isNaN(at) || at < since || at > now) continue;
    // An evaluation counts for the interval its window ends in (an
    // evaluation ending at since + I measured the first interval).
    const i = Math.ceil((at - since) / MINUTE / settings.intervalMinutes) - 1;
    if (i < 0 || i >= due) continue;
    const known = byInterval.get(i);
    if (!known || Date.parse(known.at) < at) byInterval.set(i, e);
  }
  let measured = 0;
  let failed = 0;
  let sum = 0;
  for (let i = 0; i < due; i++) {
    const e = byInterval.get(i);
    if (!e || e.noData) {
      failed++;
      continue;
    }
    measured++;
    sum += Math.max(0, Math.min(100, e.score));
    if (e.result === 'fail') failed++;
  }
  const evaluations = due > 0 && byInterval.size > 0 ? sum / due : null;
  const last = due > 0 ? byInterval.get(due - 1) : undefined;
  if (due - measured > 0)
    reasons.push(
      `${due - measured} of ${due} intervals have no evaluation with data`,
    );
  const failedEvaluations = [...byInterval.values()].filter(
    e => !e.noData && e.result === 'fail',
  ).length;
  if (failedEvaluations > 0)
    reasons.push(`${failedEvaluations} interval(s) failed their SLOs`);

  // The newest result of each kind counts.
  const newest = new Map<string, StabilityResult>();
  for (const r of input.results) {
    const known = newest.get(r.kind);
    if (!known || Date.parse(known.at) < Date.parse(r.at))
      newest.set(r.kind, r);
  }
  const latest = [...newest.values()];
  const results =
    latest.length > 0
      ? (100 * latest.filter(r => r.status === 'passed').length) / latest.length
      : null;
  const requiredFailed = latest.filter(
    r => r.status === 'failed' && settings.requiredResults.includes(r.kind),
  );
  for (const r of latest.filter(x => x.status === 'failed'))
    reasons.push(`${r.kind} tests failed`);

  let score: number | null = null;
  const { weights } = settings;
  if (evaluations !== null && results !== null) {
    score =
      (weights.evaluations * evaluations + weights.results * results) /
      (weights.evaluations + weights.results);
  } else if (evaluations !== null) {
    score = evaluations;
  } else if (results !== null) {
    score = results;
  }
  if (score !== null) score = Math.round(score * 10) / 10;
  if (score === null) reasons.push('nothing measured yet');

  const soakDone = soaked >= 1;
  if (!soakDone)
    reasons.push(
      `soaking: ${Math.round(elapsed)} of ${settings.soakMinutes} minutes`,
    );
  const passed =
    score !== null &&
    soakDone &&
    score >= settings.passScore &&
    failed === 0 &&
    last?.result === 'pass' &&
    requiredFailed.length === 0;
  if (soakDone && last && last.result !== 'pass')
    reasons.push(
      `the last interval is ${last.noData ? 'without data' : last.result}`,
    );
  if (score !== null && score < settings.passScore)
    reasons.push(`score ${score} is below ${settings.passScore}`);
  if (passed)
    reasons.unshift(`passed: ${score} over ${settings.soakMinutes} minutes`);

  let channel: ReleaseChannel | null = null;
  if (score !== null) {
    const { beta } = settings.channels;
    if (passed) channel = 'stable';
    else if (
      score >= beta.score &&
      soaked >= beta.soaked &&
      failed === 0 &&
      requiredFailed.length === 0
    )
      channel = 'beta';
    else channel = 'alpha';
  }
  return {
    score,
    passed,
    channel,
    soaked: Math.round(soaked * 1000) / 1000,
    intervals: { due, measured, failed },
    parts: {
      evaluations:
        evaluations === null ? null : Math.round(evaluations * 10) / 10,
      results: results === null ? null : Math.round(results * 10) / 10,
    },
    reasons,
  };
}
