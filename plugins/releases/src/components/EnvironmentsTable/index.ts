export { EnvironmentsTable } from './EnvironmentsTable';
export type { EnvironmentsTableProps } from './EnvironmentsTable';
