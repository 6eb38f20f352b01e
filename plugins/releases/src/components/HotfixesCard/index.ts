export { HotfixesCard, CHANGE_PATTERN, normalizeChange } from './HotfixesCard';
export type { HotfixesCardProps } from './HotfixesCard';
