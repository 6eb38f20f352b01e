/*
 * The promotion state machine. A promotion moves forward only along these
 * edges; the store refuses any other transition.
 */
import { ReleasesError } from '../errors';

export type PromotionState =
  | 'requested'
  | 'waiting-for-gates'
  | 'approved'
  | 'executing'
  | 'verifying'
  /** Execution or verification failed: the previous version is being put back. */
  | 'rolling-back'
  | 'succeeded'
  | 'failed'
  | 'rolled-back'
  | 'rejected'
  | 'aborted';

export const TERMINAL_PROMOTION_STATES: readonly PromotionState[] = [
  'succeeded',
  'failed',
  'rolled-back',
  'rejected',
  'aborted',
];

const EDGES: Record<PromotionState, readonly PromotionState[]> = {
  requested: ['waiting-for-gates', 'approved', 'rejected', 'aborted', 'failed'],
  'waiting-for-gates': ['approved', 'rejected', 'aborted', 'failed'],
  approved: ['executing', 'aborted', 'failed'],
  // Once Git has been written, aborting is no longer possible: the
  // promotion finishes, fails, or is rolled back.
  // A failure before the environment branch was written ends `failed`;
  // after it, the engine puts the previous version back (`rolling-back`).
  executing: ['verifying', 'rolling-back', 'failed'],
  verifying: ['succeeded', 'rolling-back', 'failed'],
  'rolling-back': ['rolled-back', 'failed'],
  succeeded: [],
  failed: [],
  'rolled-back': [],
  rejected: [],
  aborted: [],
};

export class InvalidTransitionError extends ReleasesError {
  constructor(readonly from: PromotionState, readonly to: PromotionState) {
    super(`A promotion cannot go from '${from}' to '${to}'`);
  }
}

export function isTerminalState(state: PromotionState): boolean {
  return TERMINAL_PROMOTION_STATES.includes(state);
}

export function canTransition(
  from: PromotionState,
  to: PromotionState,
): boolean {
  return EDGES[from].includes(to);
}

export function assertTransition(
  from: PromotionState,
  to: PromotionState,
): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/** States from which a user may still abort. */
export function isAbortable(state: PromotionState): boolean {
  return canTransition(state, 'aborted');
}
