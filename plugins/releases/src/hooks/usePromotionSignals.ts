import { useEffect, useRef } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  RELEASES_PROMOTIONS_SIGNAL_CHANNEL,
  type PromotionSignal,
} from '@releases-for-backstage/plugin-releases-common';

/**
 * Calls `onSignal` for every promotion change the backend signals, and says
 * whether signals are available at all (the app registers a `signalApiRef`).
 *
 * This subscribes like `useSignal` does, but hands over every message:
 * `useSignal` keeps only the last one in state, so of a burst rendered
 * together only one would be seen.
 */
export function usePromotionSignals(
  onSignal: (signal: PromotionSignal) => void,
): { isSignalsAvailable: boolean } {
  const signalApi = useApiHolder().get(signalApiRef);
  // The latest callback, without subscribing again on every render.
  const handler = useRef(onSignal);
  handler.current = onSignal;

  useEffect(() => {
    if (!signalApi) {
      return undefined;
    }
    const subscription = signalApi.subscribe(
      RELEASES_PROMOTIONS_SIGNAL_CHANNEL,
      message => {
        // A signal says what changed; anything else on the channel is noise.
        if (
          typeof message.id === 'string' &&
          typeof message.entityRef === 'string' &&
          typeof message.state === 'string'
        ) {
          handler.current(message as unknown as PromotionSignal);
        }
      },
    );
    return () => subscription.unsubscribe();
  }, [signalApi]);

  return { isSignalsAvailable: Boolean(signalApi) };
}
