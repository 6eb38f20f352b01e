export { NextVersionCard } from './NextVersionCard';
export type { NextVersionCardProps } from './NextVersionCard';
