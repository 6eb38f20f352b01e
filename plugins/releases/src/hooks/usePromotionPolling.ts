import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  isTerminalState,
  type Promotion,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';
import { usePromotionSignals } from './usePromotionSignals';

/** Default pause between two reads of a running promotion, without signals. */
export const DEFAULT_POLL_INTERVAL_MS = 1500;

/**
 * Default pause between two reads when signals are available: only a
 * safety net for signals lost while the connection was down.
 */
export const DEFAULT_SIGNALS_POLL_INTERVAL_MS = 10_000;

export interface PromotionPollingOptions {
  /** Pause between reads without signals; defaults to 1500 ms. */
  intervalMs?: number;
  /** Pause between reads with signals; defaults to 10 s. */
  signalsIntervalMs?: number;
}

export interface PromotionPolling {
  /** The promotion being watched, as last read. */
  promotion?: Promotion;
  /** The last read failed; polling goes on. */
  pollError?: Error;
  /** Starts watching a promotion, or replaces it with a newer copy. */
  watch: (promotion: Promotion) => void;
}

/**
 * Watches one promotion until its state is terminal. Promotions execute
 * asynchronously in the backend; when it signals a change of the watched
 * promotion, the promotion is read again at once (the signal only says
 * that something changed, the API stays the source of truth), and reads
 * every `signalsIntervalMs` catch up on lost signals. Without signals it
 * is read every `intervalMs`. A read that answers after `watch` was called
 * again (say, with the result of an abort) is dropped.
 */
export function usePromotionPolling({
  intervalMs = DEFAULT_POLL_INTERVAL_MS,
  signalsIntervalMs = DEFAULT_SIGNALS_POLL_INTERVAL_MS,
}: PromotionPollingOptions = {}): PromotionPolling {
  const releasesApi = useApi(releasesApiRef);
  const [promotion, setPromotion] = useState<Promotion>();
  const [pollError, setPollError] = useState<Error>();
  const [attempt, setAttempt] = useState(0);
  // Signals since the last read: each one restarts the read at once, so
  // the read that lands started after the latest change.
  const [signalled, setSignalled] = useState(0);

  const { isSignalsAvailable } = usePromotionSignals(signal => {
    if (
      promotion &&
      signal.id === promotion.id &&
      !isTerminalState(promotion.state)
    ) {
      setSignalled(n => n + 1);
    }
  });
  const pollMs = isSignalsAvailable ? signalsIntervalMs : intervalMs;
  const delay = signalled > 0 ? 0 : pollMs;

  useEffect(() => {
    if (!promotion || isTerminalState(promotion.state)) {
      return undefined;
    }
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const next = await releasesApi.getPromotion(promotion.id);
        if (!cancelled) {
          setPollError(undefined);
          setSignalled(0);
          setPromotion(next);
        }
      } catch (error) {
        if (!cancelled) {
          setPollError(error as Error);
          // Retry after the usual pause, not in a tight loop.
          setSignalled(0);
          setAttempt(n => n + 1);
        }
      }
    }, delay);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [releasesApi, promotion, delay, signalled, attempt]);

  const watch = useCallback((next: Promotion) => {
    setPollError(undefined);
    setSignalled(0);
    setPromotion(next);
  }, []);

  return { promotion, pollError, watch };
}
