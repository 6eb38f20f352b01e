export { BlessedBadge, UnblessAction, blessingOf } from './BlessedBadge';
export type { BlessedBadgeProps, UnblessActionProps } from './BlessedBadge';
