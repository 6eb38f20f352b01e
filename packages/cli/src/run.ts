import { Command, CommanderError, Option } from 'commander';
import { TEST_RESULT_KINDS } from '@releases-for-backstage/plugin-releases-common';
import { nextVersionCommand } from './commands/nextVersion';
import { changelogCommand } from './commands/changelog';
import {
  changesReportCommand,
  ChangesReportOptions,
} from './commands/changesReport';
import {
  resultsReportCommand,
  ResultsReportOptions,
} from './commands/resultsReport';
import {
  pipelineReportCommand,
  PipelineReportOptions,
} from './commands/pipelineReport';
import { sloEvaluateCommand, SloEvaluateOptions } from './commands/sloEvaluate';
import { UsageError } from './errors';
import {
  productChangelogCommand,
  productNextVersionCommand,
  ProductOptions,
  productTagCommand,
  ProductTagOptions,
} from './commands/product';

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

/** Options of the commands that call the Releases backend. */
function addBackendOptions(command: Command): Command {
  return (
    command
      .addOption(
        new Option(
          '--url <url>',
          'base URL of the Releases API, e.g. http://localhost:7007/api/releases',
        ).env('RELEASES_URL'),
      )
      .addOption(
        new Option(
          '--token <token>',
          'bearer token for the backend (a static external-access token)',
        ).env('RELEASES_TOKEN'),
      )
      .option('--timeout <seconds>', 'seconds to wait for an answer', '30')
      .option('--json', 'print the response body as one JSON object')
      // Bad input to a command that calls the backend exits 2, as the
      // checks made before the request do, so a pipeline can tell a broken
      // step from a backend that said no (1).
      .exitOverride(error => {
        if (
          error.exitCode === 0 ||
          error.code === 'commander.help' ||
          error.code === 'commander.helpDisplayed'
        ) {
          throw error;
        }
        throw new CommanderError(2, error.code, error.message);
      })
  );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Options of the `releases product` commands. */
function addProductOptions(command: Command): Command {
  return command
    .option('--repo <dir>', 'the product repository', '.')
    .option(
      '--component <name=path>',
      "a component (repeatable): <name>=<repository>[,prefix=<tag prefix>], prefix 'v' by default",
      collect,
      [],
    )
    .option(
      '--product <name>',
      "the product's name (default: the last product release's)",
    )
    .option('--tag-prefix <prefix>', 'prefix of product release tags', 'v')
    .addOption(
      new Option('--preset <name>', 'commit convention of the components')
        .choices(['conventionalcommits', 'angular'])
        .default('conventionalcommits'),
    )
    .exitOverride(error => {
      // Bad options exit 2, as the checks the command makes do.
      if (
        error.exitCode === 0 ||
        error.code === 'commander.help' ||
        error.code === 'commander.helpDisplayed'
      ) {
        throw error;
      }
      throw new CommanderError(2, error.code, error.message);
    });
}

/** Parses argv and runs a command; resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = new Command('releases')
    .description(
      'Next version and changelog from Conventional Commits in a Git repository; change labels and test results for the Releases backend.',
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

  addBackendOptions(
    program
      .command('changes')
      .description('Report what the pipeline knows about a change.')
      .command('report')
      .description(
        "Send a change's risk labels to the backend; print the change's risk.",
      ),
  )
    .option(
      '--entity <ref>',
      'component the change belongs to, e.g. component:default/cart',
    )
    .option(
      '--change <id>',
      'pull/merge request number (12 or #12) or commit sha',
    )
    .option(
      '--label <name=value>',
      'a risk label (repeatable): component=L, change=S, ft-coverage=85, functional=true, feature-toggle=false; name:value as well',
      collect,
      [],
    )
    .action(async (opts: ChangesReportOptions) => {
      code = await changesReportCommand(opts);
    });
  addBackendOptions(
    program
      .command('results')
      .description("Report a release's test results.")
      .command('report')
      .description('Record one test result of a release.'),
  )
    .option('--entity <ref>', 'component, e.g. component:default/cart')
    .option('--version <version>', 'release version or tag, e.g. 1.4.0')
    .option('--kind <kind>', `kind of test: ${TEST_RESULT_KINDS.join(', ')}`)
    .option('--status <status>', 'passed or failed')
    .option(
      '--environment <name>',
      'environment the tests ran in (omit for an isolated test environment)',
    )
    .option(
      '--toggle <state>',
      'feature-toggle state the tests ran with: on or off',
    )
    .option('--run-url <url>', "the test run's page, linked from the result")
    .option('--summary <text>', 'one line about the result')
    .action(async (opts: ResultsReportOptions) => {
      code = await resultsReportCommand(opts);
    });

  addBackendOptions(
    program
      .command('pipeline')
      .description("Report the stages of a release's pipeline.")
      .command('report')
      .description(
        "Record stages of a release's pipeline; each replaces the stage of that name.",
      ),
  )
    .option('--entity <ref>', 'component, e.g. component:default/cart')
    .option('--version <version>', 'release tag, e.g. v1.5.0-rc.1')
    .option(
      '--stage <name=status>',
      'a stage (repeatable): <name>=running|succeeded|failed|skipped[,url=<url>][,started=<ISO 8601>][,finished=<ISO 8601>][,detail=<text>]',
      collect,
      [],
    )
    .option('--sha <commit>', 'the commit the pipeline built')
    .option(
      '--schema <version>[:<compatibleUpTo>]',
      "the release's database schema version, and the newest it still runs on (for components without a schema file), e.g. 5 or 5:6",
    )
    .action(async (opts: PipelineReportOptions) => {
      code = await pipelineReportCommand(opts);
    });

  const product = program
    .command('product')
    .description(
      'Product releases: a product.yaml listing every component version, tagged in the product repository.',
    );
  addProductOptions(
    product
      .command('next-version')
      .description(
        'Print the next product version the components make, and why.',
      ),
  )
    .option('--json', 'print one JSON object')
    .action(async (opts: ProductOptions) => {
      code = await productNextVersionCommand(opts);
    });
  addProductOptions(
    product
      .command('changelog')
      .description(
        "Print the next product version's changelog: the components' changelogs bundled.",
      ),
  )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['markdown', 'json'])
        .default('markdown'),
    )
    .action(async (opts: ProductOptions & { format: 'markdown' | 'json' }) => {
      code = await productChangelogCommand(opts);
    });
  addProductOptions(
    product
      .command('tag')
      .description(
        "Commit product.yaml on the product repository's current branch and tag it, all or nothing.",
      ),
  )
    .option(
      '--version <version>',
      'the product version to tag (default: the computed one; not below it)',
    )
    .option('--message <text>', 'commit message of product.yaml')
    .option(
      '--expected-head <commit>',
      'refuse unless the branch is at this commit (the one the pipeline built)',
    )
    .option(
      '--author <ident>',
      "'Name <email>' to commit and tag as (default: the committer Git would use)",
    )
    .option('--dry-run', 'check and print the tag; write nothing')
    .option('--json', 'print { tag, version, commit, manifest }')
    .action(async (opts: ProductTagOptions) => {
      code = await productTagCommand(opts);
    });

  program
    .command('slo')
    .description('Service level objectives: quality gates on metric values.')
    .command('evaluate')
    .description(
      "Score metric values against a service level objectives file (Keptn's slo.yaml or ours); exit 0 on pass or warning, 1 on fail, 2 on bad input.",
    )
    .option('--slo <file>', 'the service level objectives (YAML)')
    .option(
      '--values <file>',
      'JSON array of the values read: [{ metric, value, success, message }]',
    )
    .option(
      '--previous <file>',
      'JSON array of earlier evaluations, newest first, as --json prints them',
    )
    .option('--json', 'print the evaluation as one JSON object')
    .exitOverride(error => {
      // Bad options exit 2, as bad files do; 1 means the gate failed.
      if (
        error.exitCode === 0 ||
        error.code === 'commander.help' ||
        error.code === 'commander.helpDisplayed'
      ) {
        throw error;
      }
      throw new CommanderError(2, error.code, error.message);
    })
    .action(async (opts: SloEvaluateOptions) => {
      code = await sloEvaluateCommand(opts);
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; --help and --version exit 0.
      return error.exitCode;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`releases: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  return code;
}
