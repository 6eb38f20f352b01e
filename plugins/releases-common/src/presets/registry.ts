/*
 * String-keyed preset factories, as release-please does for its strategies:
 * the built-in presets are registered here, and third parties (a backend
 * module, a CLI plugin) add their own with `registerPreset`.
 */
import {
  DuplicatePresetError,
  ReleasesError,
  UnknownPresetError,
} from '../errors';
import type { PresetName } from '../types';
import { AngularPreset } from './angular';
import { ConventionalCommitsPreset } from './conventionalcommits';
import type {
  PresetId,
  VersioningPreset,
  VersioningPresetFactory,
} from './preset';

const BUILT_IN: Record<PresetName, VersioningPresetFactory> = {
  conventionalcommits: () => new ConventionalCommitsPreset(),
  angular: () => new AngularPreset(),
};

const factories = new Map<string, VersioningPresetFactory>(
  Object.entries(BUILT_IN),
);

/** Names of every preset that `getPreset` accepts, built-in first. */
export function listPresets(): string[] {
  return [...factories.keys()];
}

/** Creates the preset registered under `name`; throws `UnknownPresetError` otherwise. */
export function getPreset(name: string): VersioningPreset {
  const factory = factories.get(name);
  if (!factory) throw new UnknownPresetError(name, listPresets());
  return factory();
}

/**
 * Registers a third-party preset. Names are unique: registering a taken
 * name throws `DuplicatePresetError`, so a module cannot silently replace
 * a built-in convention.
 */
export function registerPreset(
  name: string,
  factory: VersioningPresetFactory,
): void {
  if (!name.trim()) throw new ReleasesError('A versioning preset needs a name');
  if (factories.has(name)) throw new DuplicatePresetError(name);
  factories.set(name, factory);
}

/** Accepts a preset or the name of one. */
export function resolvePreset(
  preset: VersioningPreset | PresetId,
): VersioningPreset {
  return typeof preset === 'string' ? getPreset(preset) : preset;
}
