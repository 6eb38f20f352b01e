export { PromotionHistoryTable } from './PromotionHistoryTable';
export type { PromotionHistoryTableProps } from './PromotionHistoryTable';
