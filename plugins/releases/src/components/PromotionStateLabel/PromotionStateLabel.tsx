import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  isTerminalState,
  type PromotionState,
} from '@releases-for-backstage/plugin-releases-common';

type StatusIcon = typeof StatusOK;

/** Icon of a state, and what it says to a screen reader. */
const ICONS: Record<PromotionState, { Icon: StatusIcon; label: string }> = {
  requested: { Icon: StatusPending, label: 'pending' },
  'waiting-for-gates': { Icon: StatusPending, label: 'waiting' },
  approved: { Icon: StatusPending, label: 'pending' },
  executing: { Icon: StatusRunning, label: 'in progress' },
  verifying: { Icon: StatusRunning, label: 'in progress' },
  'rolling-back': { Icon: StatusRunning, label: 'in progress' },
  succeeded: { Icon: StatusOK, label: 'done' },
  failed: { Icon: StatusError, label: 'failed' },
  rejected: { Icon: StatusError, label: 'rejected' },
  'rolled-back': { Icon: StatusWarning, label: 'rolled back' },
  aborted: { Icon: StatusAborted, label: 'aborted' },
};

const DONE = { Icon: StatusOK, label: 'done' };

/** Icon and state on one line; a state such as `rolled-back` never breaks. */
const LABEL_STYLE = {
  display: 'inline-flex',
  alignItems: 'baseline',
  whiteSpace: 'nowrap',
} as const;

/** @public */
export interface PromotionStateLabelProps {
  state: PromotionState;
  /**
   * The state is a step the promotion has gone past (an event of its
   * history): a step that was under way shows as done, not as running.
   */
  finished?: boolean;
}

/**
 * A promotion state with its status icon, e.g. "✓ succeeded". The icon is
 * an image named by what it says ("done", "in progress", "failed").
 */
export const PromotionStateLabel = ({
  state,
  finished = false,
}: PromotionStateLabelProps) => {
  const { Icon, label } =
    finished && !isTerminalState(state)
      ? DONE
      : ICONS[state] ?? { Icon: StatusPending, label: 'pending' };
  return (
    <span style={LABEL_STYLE}>
      {/* The status icons hide themselves; this image says what it shows. */}
      <span role="img" aria-label={label}>
        <Icon />
      </span>
      {state}
    </span>
  );
};
