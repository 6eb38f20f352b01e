export { ReleaseHistoryTable } from './ReleaseHistoryTable';
export type { ReleaseHistoryTableProps } from './ReleaseHistoryTable';
