import { Command, CommanderError, Option } from 'commander';
import { nextVersionCommand } from './commands/nextVersion';
import { changelogCommand } from './commands/changelog';

/** Options shared by the commands that read a range of history. */
export interface RangeOptions {
  repo: string;
  from?: string;
  to: string;
  preset: string;
  tagPrefix: string;
  bumpMinorPreMajor?: boolean;
  bumpPatchForMinorPreMajor?: boolean;
  repoUrl?: string;
}

function addRangeOptions(command: Command): Command {
  return command
    .option('--repo <dir>', 'Git repository to read', '.')
    .option(
      '--from <ref>',
      'start after this ref (default: newest release tag reachable from --to)',
    )
    .option('--to <ref>', 'end at this ref', 'HEAD')
    .addOption(
      new Option('--preset <name>', 'commit convention')
        .choices(['conventionalcommits', 'angular'])
        .default('conventionalcommits'),
    )
    .option('--tag-prefix <prefix>', 'prefix of release tags', 'v')
    .option(
      '--bump-minor-pre-major',
      'before 1.0.0, breaking changes bump the minor version',
    )
    .option(
      '--bump-patch-for-minor-pre-major',
      'before 1.0.0, features bump the patch version',
    )
    .option('--repo-url <url>', 'web URL of the repository, for commit links');
}

/** Parses argv and runs a command; resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = new Command('releases')
    .description(
      'Next version and changelog from Conventional Commits in a Git repository.',
    )
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeErr: s => process.stderr.write(s),
    });

  let code = 0;
  addRangeOptions(
    program
      .command('next-version')
      .description('Print the version the unreleased commits produce.'),
  )
    .option('--json', 'print one JSON object')
    .action(async (opts: RangeOptions & { json?: boolean }) => {
      code = await nextVersionCommand(opts);
    });
  addRangeOptions(
    program
      .command('changelog')
      .description('Print the changelog of the unreleased commits.'),
  )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['md', 'json'])
        .default('md'),
    )
    .action(async (opts: RangeOptions & { format: 'md' | 'json' }) => {
      code = await changelogCommand(opts);
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; --help and --version exit 0.
      return error.exitCode;
    }
    throw error;
  }
  return code;
}
