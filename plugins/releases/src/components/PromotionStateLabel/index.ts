export { PromotionStateLabel } from './PromotionStateLabel';
