import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { GitRepository } from './GitRepository';
import { runGit } from './runGit';
import { RepositoryNotFoundError } from './errors';

/**
 * Supplies HTTP credentials for a remote repository URL; the backend builds
 * one from `@backstage/integration` config.
 */
export type GitCredentialsProvider = (
  url: string,
) => Promise<{ username: string; password: string } | undefined>;

export interface RepositoryLocatorOptions {
  /** Folder for clones of remote repositories. */
  cacheDir: string;
  /** Base for relative local paths (default: the working directory). */
  baseDir?: string;
  credentials?: GitCredentialsProvider;
  /** Minimum time between two fetches of the same remote, in ms (default 0). */
  fetchIntervalMs?: number;
}

const REMOTE = /^(?:https?|ssh|git|file):\/\/|^[\w.-]+@[\w.-]+:/;

/** True when a location is a URL to clone rather than a local path. */
export function isRemoteLocation(location: string): boolean {
  return REMOTE.test(location);
}

/**
 * Turns a repository location (local path, or URL cloned once into a cache
 * folder and fetched incrementally afterwards) into a GitRepository.
 */
export class RepositoryLocator {
  private readonly options: RepositoryLocatorOptions;
  private readonly inFlight = new Map<string, Promise<GitRepository>>();
  private readonly lastFetch = new Map<string, number>();

  constructor(options: RepositoryLocatorOptions) {
    this.options = options;
  }

  async open(location: string): Promise<GitRepository> {
    if (!location || location.trim() !== location) {
      throw new RepositoryNotFoundError(
        JSON.stringify(location),
        'empty or padded with whitespace',
      );
    }
    if (!isRemoteLocation(location)) {
      return GitRepository.open(
        resolvePath(this.options.baseDir ?? process.cwd(), location),
      );
    }
    // One clone or fetch per remote at a time inside this process.
    const pending = this.inFlight.get(location);
    if (pending) return pending;
    const work = this.syncRemote(location).finally(() =>
      this.inFlight.delete(location),
    );
    this.inFlight.set(location, work);
    return work;
  }

  private async authConfig(url: string): Promise<Record<string, string>> {
    if (!/^https?:\/\//.test(url) || !this.options.credentials) return {};
    const creds = await this.options.credentials(url);
    if (!creds) return {};
    const basic = Buffer.from(`${creds.username}:${creds.password}`).toString(
      'base64',
    );
    return { 'http.extraHeader': `Authorization: Basic ${basic}` };
  }

  private async syncRemote(url: string): Promise<GitRepository> {
    const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
    const dir = join(this.options.cacheDir, `${key}.git`);
    const config = await this.authConfig(url);
    const exists = await stat(join(dir, 'HEAD')).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(this.options.cacheDir, { recursive: true });
      // Clone next to the target and rename, so a crash never leaves a
      // half-cloned repository in the cache.
      const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
      try {
        await runGit(
          [
            'clone',
            '--bare',
            '--filter=blob:none',
            '--quiet',
            '--end-of-options',
            url,
            tmp,
          ],
          { cwd: this.options.cacheDir, config },
        );
        await rename(tmp, dir);
      } catch (error) {
        await rm(tmp, { recursive: true, force: true });
        throw new RepositoryNotFoundError(
          url,
          error instanceof Error ? error.message : String(error),
        );
      }
      this.lastFetch.set(url, Date.now());
    } else {
      const last = this.lastFetch.get(url) ?? 0;
      if (Date.now() - last >= (this.options.fetchIntervalMs ?? 0)) {
        await runGit(
          [
            'fetch',
            '--quiet',
            '--prune',
            '--prune-tags',
            '--force',
            'origin',
            '+refs/heads/*:refs/heads/*',
            '+refs/tags/*:refs/tags/*',
          ],
          { cwd: dir, config },
        );
        this.lastFetch.set(url, Date.now());
      }
    }
    return GitRepository.open(dir, { config });
  }
}
