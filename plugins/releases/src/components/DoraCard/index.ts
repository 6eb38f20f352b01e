export { DoraCard, EntityDoraCard } from './DoraCard';
export type { DoraCardProps, DoraTarget } from './DoraCard';
