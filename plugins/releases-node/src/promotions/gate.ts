/*
 * Gates decide whether a promotion may start; verifiers whether what it
 * rolled out works. Both look at the promotion and answer met, pending
 * (with what they wait for) or failed (with why), so one shape serves
 * approvals, votes, risk, windows, smoke tests and SLO evaluations.
 */
import type { JsonObject } from './executor';
import type { EnvironmentDefinition } from '@releases-for-backstage/plugin-releases-common';

/** A person's decision on a promotion (an approval or a rejection). */
export interface PromotionDecision {
  actor: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  at: string;
}

/** What a gate or verifier sees of a promotion. */
export interface PromotionCheckContext {
  promotionId: string;
  entityRef: string;
  /** Key of the component in the environment file (the entity name). */
  component: string;
  environment: EnvironmentDefinition;
  /** Tag or `WIP` to deploy. */
  version: string;
  sha: string | null;
  /** What the environment runs now (a rollback's target is `version`). */
  previousVersion: string | null;
  rollback: boolean;
  /** Entity ref of who asked. */
  requestedBy: string;
  /** Decisions people took on this promotion, oldest first. */
  decisions: PromotionDecision[];
  /** This check's settings for the environment (`gates.<id>` or `verifiers.<id>`). */
  settings: JsonObject;
}

/** A gate's or verifier's answer. */
export type PromotionCheckResult =
  | { status: 'met'; detail?: string }
  | { status: 'pending'; detail: string }
  | { status: 'failed'; detail: string };

/**
 * A condition a promotion must meet before it runs. Evaluated when the
 * promotion is requested and on every pass of the engine while it waits.
 */
export interface PromotionGate {
  readonly id: string;
  /**
   * The answer for this promotion, or null when the gate does not apply to
   * it (another environment, a rollback). A failed required gate rejects
   * the promotion; a failed optional one is shown and does not block.
   */
  evaluate(
    context: PromotionCheckContext,
  ): Promise<(PromotionCheckResult & { required?: boolean }) | null>;
}

/**
 * Proves a rollout after every executor reported success; pending answers
 * are asked again until the verification deadline. A failure rolls the
 * promotion back.
 */
export interface PromotionVerifier {
  readonly id: string;
  verify(context: PromotionCheckContext): Promise<PromotionCheckResult | null>;
}
