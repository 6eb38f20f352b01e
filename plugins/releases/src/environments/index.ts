export { compareDeployed, deployedSemVer } from './versions';
export { findDrift } from './drift';
export type { Drift } from './drift';
