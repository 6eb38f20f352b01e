export type {
  PresetId,
  VersioningOptions,
  VersioningPreset,
  VersioningPresetFactory,
} from './preset';
export { maxBump } from './preset';
export { ConventionalCommitsPreset } from './conventionalcommits';
export { AngularPreset, cancelRevertedCommits } from './angular';
export {
  getPreset,
  listPresets,
  registerPreset,
  resolvePreset,
} from './registry';
