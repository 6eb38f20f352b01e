import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  isTerminalState,
  type Promotion,
} from '@releases-for-backstage/plugin-releases-common';
import { releasesApiRef } from '@releases-for-backstage/plugin-releases-react';

/** Default pause between two reads of a running promotion. */
export const DEFAULT_POLL_INTERVAL_MS = 1500;

export interface PromotionPolling {
  /** The promotion being watched, as last read. */
  promotion?: Promotion;
  /** The last read failed; polling goes on. */
  pollError?: Error;
  /** Starts watching a promotion, or replaces it with a newer copy. */
  watch: (promotion: Promotion) => void;
}

/**
 * Watches one promotion: reads it again every `intervalMs` until its state
 * is terminal. Promotions execute asynchronously in the backend, so this
 * is how the page follows them. A read that answers after `watch` was
 * called again (say, with the result of an abort) is dropped.
 */
export function usePromotionPolling(
  intervalMs: number = DEFAULT_POLL_INTERVAL_MS,
): PromotionPolling {
  const releasesApi = useApi(releasesApiRef);
  const [promotion, setPromotion] = useState<Promotion>();
  const [pollError, setPollError] = useState<Error>();
  const [attempt, setAttempt] = useState(0);

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
          setPromotion(next);
        }
      } catch (error) {
        if (!cancelled) {
          setPollError(error as Error);
          setAttempt(n => n + 1);
        }
      }
    }, intervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [releasesApi, promotion, intervalMs, attempt]);

  const watch = useCallback((next: Promotion) => {
    setPollError(undefined);
    setPromotion(next);
  }, []);

  return { promotion, pollError, watch };
}
