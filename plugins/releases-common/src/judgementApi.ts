/*
 * Shapes of the judgement part of the Releases REST API: change labels, risk,
 * test results, go/no-go votes, release windows, blessed releases and
 * hotfixes. Shared by the backend, the frontend client and the CLI.
 *
 * Routes (under `/api/releases`):
 *   POST /changes                      ReportChangeLabelsRequest -> 201 ChangeRisk
 *   GET  /risk?entityRef&version|change RiskResponse (version may be `next`)
 *   POST /results                      ReportTestResultRequest -> 201 TestResult
 *   GET  /results?entityRef[&version]  TestResultsResponse
 *   GET  /promotions/{id}/votes        PromotionVotesResponse
 *   POST /promotions/{id}/votes        CastVoteRequest -> 201 Vote
 *   POST /products/promotions/{id}/votes CastVoteRequest -> 201 ProductVoteResponse
 *   GET  /windows?entityRef            WindowStatus (component or system)
 *   GET  /freezes                      { freezes: Freeze[] }
 *   POST /freezes                      { system, reason } -> 201 Freeze
 *   POST /freezes/lift                 { system, reason } -> 200 { lifted: Freeze }
 *   GET  /blessed?entityRef            { releases: BlessedRelease[] }
 *   POST /blessed/unbless              { entityRef, version, reason } -> 200 BlessedRelease
 *   POST /hotfixes                     CreateHotfixRequest -> 201 Hotfix
 *   GET  /hotfixes?entityRef           { hotfixes: Hotfix[] }
 * A break-glass promotion sends `override: { reason }` in `POST /promotions`.
 */
import type {
  ChangeLabels,
  LabeledChangeLabels,
  RiskLevel,
} from './risk/types';
import type { RiskContribution } from './risk/assess';

/** Body of `POST /changes`: labels a pipeline reports for one change. */
export interface ReportChangeLabelsRequest {
  entityRef: string;
  /** Pull/merge request number (`12` or `#12`) or a commit sha (7..40 hex). */
  change: string;
  /** Any subset of the risk labels. */
  labels: ChangeLabels;
}

/** One change as the risk endpoint describes it. */
export interface ChangeRisk {
  /** `#12` for a pull/merge request, the full commit sha otherwise. */
  id: string;
  /** Subject of the change (pull request title or first commit's subject). */
  title: string;
  /** Commits of the change, newest first. */
  commits: string[];
  level: RiskLevel;
  /** Total points of the change. */
  points: number;
  labels: LabeledChangeLabels;
  /** Labels that are unknown (no source had them), named. */
  unknown: string[];
  /** The points each input contributed. */
  contributions: RiskContribution[];
  /** Why, in sentences: each input's points, then any hard rule that decided. */
  reasons: string[];
  /** Hard rule that decided the level, if one did. */
  hardRule: string | null;
}

/** `GET /risk?entityRef=…&version=…|&change=…` */
export interface RiskResponse {
  entityRef: string;
  /** The version asked for (`next` for the unreleased commits), or null for one change. */
  version: string | null;
  /** Highest level of the changes; `low` when there are none. */
  level: RiskLevel;
  changes: ChangeRisk[];
}

export type TestResultKind =
  | 'smoke'
  | 'integration'
  | 'load'
  | 'security'
  | 'chaos'
  | 'coverage';

export const TEST_RESULT_KINDS: readonly TestResultKind[] = [
  'smoke',
  'integration',
  'load',
  'security',
  'chaos',
  'coverage',
];

export type TestResultStatus = 'passed' | 'failed';

/** Body of `POST /results`. */
export interface ReportTestResultRequest {
  entityRef: string;
  /** A release version (`1.4.0`, `1.4.0-rc.2`) or its tag. */
  version: string;
  /** Environment the tests ran in; absent for an isolated test environment. */
  environment?: string;
  kind: TestResultKind;
  status: TestResultStatus;
  /** Feature-toggle state the tests ran with. */
  toggle?: 'on' | 'off';
  url?: string;
  summary?: string;
}

/** One stored test result. */
export interface TestResult {
  id: string;
  entityRef: string;
  /** Normalized version without tag prefix. */
  version: string;
  environment: string | null;
  kind: TestResultKind;
  status: TestResultStatus;
  toggle: 'on' | 'off' | null;
  url: string | null;
  summary: string | null;
  reportedBy: string;
  reportedAt: string;
}

/** `GET /results?entityRef=…[&version=…]`, newest first. */
export interface TestResultsResponse {
  entityRef: string;
  results: TestResult[];
}

export type VoteDecision = 'go' | 'no-go';

/** Body of `POST /promotions/{id}/votes`. */
export interface CastVoteRequest {
  role: string;
  decision: VoteDecision;
  reason: string;
}

/** Answer of a vote on a product promotion: the vote as cast on each waiting component. */
export interface ProductVoteResponse {
  productPromotionId: string;
  votes: Vote[];
}

/** One go/no-go vote on a promotion. */
export interface Vote {
  id: string;
  promotionId: string;
  role: string;
  decision: VoteDecision;
  reason: string;
  /** Entity ref of the user who voted. */
  voter: string;
  /** The version and environment the vote was cast for. */
  version: string;
  environment: string;
  castAt: string;
  /** True when the promotion's version changed after the vote: it no longer counts. */
  void: boolean;
}

/** `GET /promotions/{id}/votes` */
export interface PromotionVotesResponse {
  promotionId: string;
  /** Roles whose go is required in this environment, with who may vote for each. */
  roles: Array<{ role: string; groups: string[]; mayVote: boolean }>;
  votes: Vote[];
}

/** Whether promotions of a product may run now, and when that changes. */
export interface WindowStatus {
  /** True when a promotion may start now. */
  open: boolean;
  /** Why it is open or closed, for people. */
  reason: string;
  /** Name of the window that decided, if one did. */
  window: string | null;
  /** When the current state ends (ISO 8601), if known within the horizon. */
  changesAt: string | null;
  /** When the next allow window opens, if closed and known. */
  opensAt: string | null;
  /** When voting opens for the next window, if the window has a vote lead. */
  votesOpenAt: string | null;
  /** True when a freeze holds every promotion of the product. */
  frozen: boolean;
}

/** A freeze of every promotion of a product. */
export interface Freeze {
  system: string;
  reason: string;
  by: string;
  at: string;
}

/** A release that passed its required results and votes (or was un-blessed). */
export interface BlessedRelease {
  entityRef: string;
  version: string;
  blessed: boolean;
  /** Why it was blessed (the promotion) or un-blessed (a person's reason). */
  reason: string;
  by: string;
  at: string;
}

/** Body of `POST /hotfixes`. */
export interface CreateHotfixRequest {
  entityRef: string;
  /** The fix: a commit sha on the main line, or `#12` for its pull request. */
  change: string;
  /**
   * The release to fix, e.g. `v1.4.0`; the patch goes onto `release/1.4`.
   * Left out, it is the tag of the `hotfix-to/<tag>` label on the fix's
   * pull/merge request (`hotfix-to/v1.4.0`, or `hotfix-to/1.4.0` without
   * the tag prefix); given, it wins and the SCM is not asked.
   */
  target?: string;
}

/** A hotfix as cut: the patch tag on the release branch. */
export interface Hotfix {
  entityRef: string;
  /** The fix's commit on the main line. */
  fixSha: string;
  /** The release it fixes (`v1.4.0`). */
  target: string;
  /** `release/1.4` */
  branch: string;
  /** The cherry-picked commit on the branch. */
  sha: string;
  /** The new patch tag, e.g. `v1.4.1`. */
  tag: string;
  /** The proposed promotion to canary, if the entity has one. */
  promotionId: string | null;
  /** True while the fix's change is not on the main line (the fix was made on the branch). */
  notOnMain: boolean;
  by: string;
  at: string;
}
