export { PromotionStateLabel } from './PromotionStateLabel';
export type { PromotionStateLabelProps } from './PromotionStateLabel';
