import {
  assertTransition,
  canTransition,
  InvalidTransitionError,
  isAbortable,
  isTerminalState,
} from './stateMachine';

describe('promotion state machine', () => {
  it('follows the happy path', () => {
    const path = [
      'requested',
      'waiting-for-gates',
      'approved',
      'executing',
      'verifying',
      'succeeded',
    ] as const;
    for (let i = 1; i < path.length; i++) {
      expect(() => assertTransition(path[i - 1], path[i])).not.toThrow();
    }
    expect(isTerminalState('succeeded')).toBe(true);
  });

  it('refuses to leave a terminal state or skip execution', () => {
    expect(canTransition('succeeded', 'executing')).toBe(false);
    expect(canTransition('aborted', 'approved')).toBe(false);
    expect(canTransition('requested', 'succeeded')).toBe(false);
    expect(() => assertTransition('failed', 'succeeded')).toThrow(
      InvalidTransitionError,
    );
    expect(() => assertTransition('failed', 'succeeded')).toThrow(
      "cannot go from 'failed' to 'succeeded'",
    );
  });

  it('rolls back only after execution started, and ends rolled back', () => {
    expect(canTransition('executing', 'rolling-back')).toBe(true);
    expect(canTransition('verifying', 'rolling-back')).toBe(true);
    expect(canTransition('rolling-back', 'rolled-back')).toBe(true);
    expect(canTransition('approved', 'rolling-back')).toBe(false);
    expect(canTransition('rolling-back', 'succeeded')).toBe(false);
    expect(isTerminalState('rolling-back')).toBe(false);
    expect(isTerminalState('rolled-back')).toBe(true);
  });

  it('allows aborting only before Git is written', () => {
    expect(isAbortable('requested')).toBe(true);
    expect(isAbortable('waiting-for-gates')).toBe(true);
    expect(isAbortable('approved')).toBe(true);
    expect(isAbortable('executing')).toBe(false);
    expect(isAbortable('succeeded')).toBe(false);
  });
});
