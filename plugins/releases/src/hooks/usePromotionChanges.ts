import { useEffect, useState } from 'react';
import { isTerminalState } from '@releases-for-backstage/plugin-releases-common';
import { usePromotionSignals } from './usePromotionSignals';

/** How long the signals of one burst are collected into one reload. */
export const PROMOTION_CHANGES_WINDOW_MS = 500;

export interface PromotionChangesOptions {
  /** The entities whose promotions matter. */
  entityRefs: readonly string[];
  /** Count only promotions that ended; by default every state change. */
  terminalOnly?: boolean;
  /** Defaults to {@link PROMOTION_CHANGES_WINDOW_MS}. */
  windowMs?: number;
}

/** Entity refs compare case-insensitively. */
const normalize = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * A number that goes up when the backend signals a promotion change of one
 * of the entities: put it in the dependencies of a load to reload then.
 * The first signal opens a window of `windowMs` and the others of the
 * burst join it, so a burst causes one reload and a steady stream still
 * reloads once per window. Stays 0 without signals.
 */
export function usePromotionChanges({
  entityRefs,
  terminalOnly = false,
  windowMs = PROMOTION_CHANGES_WINDOW_MS,
}: PromotionChangesOptions): number {
  const [changes, setChanges] = useState(0);
  const [pending, setPending] = useState(false);

  usePromotionSignals(signal => {
    const entityRef = normalize(signal.entityRef);
    if (
      !entityRefs.some(ref => normalize(ref) === entityRef) ||
      (terminalOnly && !isTerminalState(signal.state))
    ) {
      return;
    }
    setPending(true);
  });

  useEffect(() => {
    if (!pending) {
      return undefined;
    }
    const timer = setTimeout(() => {
      setPending(false);
      setChanges(n => n + 1);
    }, windowMs);
    return () => clearTimeout(timer);
  }, [pending, windowMs]);

  return changes;
}
