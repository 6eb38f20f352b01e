import { writeChangelogMarkdown } from '@releases-for-backstage/plugin-releases-common';
import type { RangeOptions } from '../run';
import { readRange } from './readRange';

export async function changelogCommand(
  opts: RangeOptions & { format: 'md' | 'json' },
): Promise<number> {
  const state = await readRange(opts);
  if (opts.format === 'json') {
    process.stdout.write(`${JSON.stringify(state.changelog, null, 2)}\n`);
  } else {
    writeChangelogMarkdown(state.changelog, chunk =>
      process.stdout.write(chunk),
    );
  }
  return 0;
}
