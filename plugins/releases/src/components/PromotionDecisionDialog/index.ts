export {
  MAX_DECISION_REASON_LENGTH,
  PromotionDecisionDialog,
} from './PromotionDecisionDialog';
export type {
  PromotionDecision,
  PromotionDecisionDialogProps,
} from './PromotionDecisionDialog';
