export { PromotionChangesCard } from './PromotionChangesCard';
export type { PromotionChangesCardProps } from './PromotionChangesCard';
