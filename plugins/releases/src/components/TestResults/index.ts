export { ReleaseTestResults, TestResultsTable } from './TestResults';
export type {
  ReleaseTestResultsProps,
  TestResultsTableProps,
} from './TestResults';
