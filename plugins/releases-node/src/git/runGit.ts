import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

/** Git failed or could not be started; carries the arguments and stderr. */
export class GitCommandError extends Error {
  readonly args: string[];
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(options: {
    args: string[];
    exitCode: number | null;
    stderr: string;
    message?: string;
  }) {
    super(
      options.message ??
        `git ${options.args[0] ?? ''} failed (exit ${options.exitCode}): ${
          options.stderr.trim().split('\n')[0] ?? ''
        }`,
    );
    this.name = GitCommandError.name;
    this.args = options.args;
    this.exitCode = options.exitCode;
    this.stderr = options.stderr;
  }
}

export interface RunGitOptions {
  /** Working directory (the repository). */
  cwd: string;
  /**
   * Extra configuration passed through `GIT_CONFIG_*` environment variables,
   * so that secrets such as auth headers never show in the process list.
   */
  config?: Record<string, string>;
  /** Exit codes that are not errors (e.g. 1 for `rev-parse --verify --quiet`). */
  okExitCodes?: number[];
  /** Text written to git's stdin. */
  input?: string;
  /** Extra environment variables (author identity, dates). */
  env?: Record<string, string>;
  /**
   * Receives stdout as it arrives, decoded as UTF-8; the result's stdout is
   * then empty. Lets callers parse while git is still writing.
   */
  onStdout?: (text: string) => void;
}

export interface RunGitResult {
  stdout: string;
  /** What git wrote on stderr, for exit codes the caller accepted. */
  stderr: string;
  exitCode: number;
}

// Settings that keep user or system configuration from changing what we read.
const BASE_ARGS = [
  '-c',
  'core.quotepath=off',
  '-c',
  'log.showSignature=false',
  '-c',
  'i18n.logOutputEncoding=UTF-8',
];

/**
 * Runs one git process with an argument array (never a shell string) and
 * returns its whole stdout. Errors carry git's own message.
 */
export function runGit(
  args: string[],
  options: RunGitOptions,
): Promise<RunGitResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    // Into a pipe, git flushes after every record: `git log` over 20,000
    // commits then arrives in ~10,000 reads of ~500 bytes, which cost this
    // process more than parsing them. Buffered, it is ~1,300 reads of 4 KiB.
    GIT_FLUSH: '0',
    ...options.env,
  };
  const config = Object.entries(options.config ?? {});
  if (config.length > 0) {
    env.GIT_CONFIG_COUNT = String(config.length);
    config.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
  }
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...BASE_ARGS, ...args], {
      cwd: options.cwd,
      env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) {
      child.stdin!.on('error', () => {
        // git exited early; its exit code and stderr tell why.
      });
      child.stdin!.end(options.input);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const decoder = options.onStdout ? new StringDecoder('utf8') : undefined;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (decoder) options.onStdout!(decoder.write(chunk));
      else out.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', error => {
      reject(
        new GitCommandError({
          args,
          exitCode: null,
          stderr: String(error),
          message:
            (error as NodeJS.ErrnoException).code === 'ENOENT'
              ? `git could not be started in ${options.cwd}: ${error.message}`
              : `git ${args[0]} could not be started: ${error.message}`,
        }),
      );
    });
    child.on('close', code => {
      const exitCode = code ?? -1;
      if (decoder) {
        const rest = decoder.end();
        if (rest) options.onStdout!(rest);
      }
      const stdout = Buffer.concat(out).toString('utf8');
      if (exitCode === 0 || options.okExitCodes?.includes(exitCode)) {
        resolve({
          stdout,
          stderr: Buffer.concat(err).toString('utf8'),
          exitCode,
        });
      } else {
        reject(
          new GitCommandError({
            args,
            exitCode,
            stderr: Buffer.concat(err).toString('utf8'),
          }),
        );
      }
    });
  });
}
