/*
 * The `releases` command line: next version and changelog from a Git
 * repository's Conventional Commits history, for CI pipelines and people.
 */
import { run } from './run';

// A reader that stops early (`releases changelog | head`) is no error of
// ours: stop quietly, where Node would throw at the next write.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

run(process.argv).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`releases: ${error?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
