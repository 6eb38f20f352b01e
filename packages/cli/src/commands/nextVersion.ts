import type { RangeOptions } from '../run';
import { readRange } from './readRange';

export async function nextVersionCommand(
  opts: RangeOptions & { json?: boolean },
): Promise<number> {
  const state = await readRange(opts);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({
        current: state.current,
        currentTag: state.currentTag,
        next: state.next,
        nextTag: state.next === null ? null : `${opts.tagPrefix}${state.next}`,
        bump: state.bump,
        releaseAs: state.releaseAs,
        commits: state.commits,
        head: state.headSha,
      })}\n`,
    );
  } else if (state.next) {
    process.stdout.write(`${state.next}\n`);
  } else {
    process.stderr.write(
      `No releasable changes since ${state.currentTag ?? 'the first commit'}\n`,
    );
  }
  return 0;
}
