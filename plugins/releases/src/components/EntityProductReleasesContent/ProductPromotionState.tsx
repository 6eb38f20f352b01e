import Chip from '@material-ui/core/Chip';
import type { ProductPromotionState } from '@releases-for-backstage/plugin-releases-common';

/** States in which the product promotion still changes. */
export function isRunning(state: ProductPromotionState): boolean {
  return state === 'active' || state === 'rolling-back';
}

const COLORS: Record<
  ProductPromotionState,
  'default' | 'primary' | 'secondary'
> = {
  active: 'default',
  'rolling-back': 'default',
  succeeded: 'primary',
  rejected: 'secondary',
  aborted: 'default',
  'rolled-back': 'secondary',
  failed: 'secondary',
};

/** The state of a product promotion as a chip, e.g. "succeeded". */
export const ProductPromotionStateChip = ({
  state,
}: {
  state: ProductPromotionState;
}) => (
  <Chip
    size="small"
    variant={isRunning(state) ? 'outlined' : 'default'}
    color={COLORS[state] ?? 'default'}
    label={state}
  />
);
