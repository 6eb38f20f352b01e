/*
 * The `releases` command line: next version and changelog from a Git
 * repository's Conventional Commits history, for CI pipelines and people.
 */
import { run } from './run';

run(process.argv).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`releases: ${error?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
