import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type { PromotionState } from '@releases-for-backstage/plugin-releases-common';

const ICONS: Record<PromotionState, typeof StatusOK> = {
  requested: StatusPending,
  'waiting-for-gates': StatusPending,
  approved: StatusPending,
  executing: StatusRunning,
  verifying: StatusRunning,
  succeeded: StatusOK,
  failed: StatusError,
  rejected: StatusError,
  'rolled-back': StatusWarning,
  aborted: StatusAborted,
};

/** A promotion state with its status icon, e.g. "✓ succeeded". */
export const PromotionStateLabel = ({ state }: { state: PromotionState }) => {
  const Icon = ICONS[state] ?? StatusPending;
  return (
    <span>
      <Icon />
      {state}
    </span>
  );
};
