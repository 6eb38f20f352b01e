export { LatestReleaseCard } from './LatestReleaseCard';
export type { LatestReleaseCardProps } from './LatestReleaseCard';
