export {
  DEFAULT_VERSION_CHOICE,
  OTHER_VERSION_CHOICE,
  PromotionForm,
  requestedVersion,
} from './PromotionForm';
export type { PromotionFormProps, PromotionSelection } from './PromotionForm';
