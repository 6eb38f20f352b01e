export { PromotionApproval } from './PromotionApproval';
export type { PromotionApprovalProps } from './PromotionApproval';
