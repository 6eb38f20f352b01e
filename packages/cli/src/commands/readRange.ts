import { resolve } from 'node:path';
import {
  GitRepository,
  readUnreleased,
  UnreleasedState,
} from '@releases-for-backstage/plugin-releases-node/git';
import type { RangeOptions } from '../run';

/** Opens the repository and reads the unreleased range the options name. */
export async function readRange(opts: RangeOptions): Promise<UnreleasedState> {
  const repo = await GitRepository.open(resolve(opts.repo));
  return readUnreleased(repo, {
    from: opts.from,
    to: opts.to,
    preset: opts.preset,
    tagPrefix: opts.tagPrefix,
    bumpMinorPreMajor: opts.bumpMinorPreMajor,
    bumpPatchForMinorPreMajor: opts.bumpPatchForMinorPreMajor,
    repoUrl: opts.repoUrl,
  });
}
