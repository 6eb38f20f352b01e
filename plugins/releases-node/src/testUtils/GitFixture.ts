import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Git repository in a temporary folder, for tests. Every change is
 * a real `git` command; dates advance one hour per commit so runs are
 * reproducible.
 */
export class GitFixture {
  readonly dir: string;
  private clock = Date.UTC(2026, 0, 1, 9, 0, 0);
  private counter = 0;

  static create(options?: { branch?: string }): GitFixture {
    return new GitFixture(options?.branch ?? 'main');
  }

  private constructor(branch: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'releases-git-'));
    this.git('init', '--quiet', `--initial-branch=${branch}`);
  }

  /** Runs git in the repository with a fixed identity and date. */
  git(...args: string[]): string {
    const date = new Date(this.clock).toISOString();
    return execFileSync(
      'git',
      [
        '-c',
        'user.name=Test Author',
        '-c',
        'user.email=author@example.com',
        '-c',
        'commit.gpgsign=false',
        '-c',
        'tag.gpgsign=false',
        ...args,
      ],
      {
        cwd: this.dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_DATE: date,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ).trim();
  }

  /** Commits a change to a file with the given message; returns the sha. */
  commit(message: string): string {
    this.clock += 3_600_000;
    this.counter += 1;
    // One file per commit, so any commit can be reverted without conflicts.
    const file = `change-${this.counter}.txt`;
    writeFileSync(join(this.dir, file), `change ${this.counter}\n`);
    this.git('add', file);
    this.git('commit', '--quiet', '--no-verify', '-m', message);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD');
  }

  /** Creates a lightweight tag, or an annotated one with `annotated`. */
  tag(name: string, options?: { annotated?: boolean; at?: string }): void {
    this.clock += 60_000;
    const at = options?.at ? [options.at] : [];
    if (options?.annotated) {
      this.git('tag', '-a', '-m', `Release ${name}`, name, ...at);
    } else {
      this.git('tag', name, ...at);
    }
  }

  /** Creates a branch at HEAD and checks it out. */
  checkout(branch: string, options?: { create?: boolean }): void {
    if (options?.create) this.git('checkout', '--quiet', '-b', branch);
    else this.git('checkout', '--quiet', branch);
  }

  /** Merges a branch with a merge commit (`--no-ff`). */
  merge(branch: string, message: string): string {
    this.clock += 3_600_000;
    this.git('merge', '--quiet', '--no-ff', '-m', message, branch);
    return this.head();
  }

  /** Reverts a commit with git's default message. */
  revert(sha: string): string {
    this.clock += 3_600_000;
    this.git('revert', '--no-edit', sha);
    return this.head();
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
