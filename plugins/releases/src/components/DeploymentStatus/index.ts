export { DeploymentStatus } from './DeploymentStatus';
export type { DeploymentStatusProps } from './DeploymentStatus';
