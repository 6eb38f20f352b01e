export { EntityPromotionContent } from './EntityPromotionContent';
export type { EntityPromotionContentProps } from './EntityPromotionContent';
