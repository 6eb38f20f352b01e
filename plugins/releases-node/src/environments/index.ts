export {
  EnvironmentRepository,
  EnvironmentBranchBusyError,
  ENVIRONMENT_FILE,
} from './EnvironmentRepository';
export type {
  ComponentDeployment,
  EnvironmentCommit,
  EnvironmentFile,
} from './EnvironmentRepository';
