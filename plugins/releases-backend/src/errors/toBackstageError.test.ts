import {
  EnvironmentBranchBusyError,
  InvalidRevisionError,
  RepositoryNotFoundError,
  TagConflictError,
  UnknownRefError,
  GithubApiError,
  HotfixAlreadyAppliedError,
  HotfixBranchError,
  HotfixConflictError,
  HotfixRaceError,
  InvalidHotfixRequestError,
  InvalidHotfixTargetError,
} from '@releases-for-backstage/plugin-releases-node';
import { InvalidVersionError } from '@releases-for-backstage/plugin-releases-common';
import { toBackstageError } from './toBackstageError';

describe('toBackstageError', () => {
  it.each([
    [
      new RepositoryNotFoundError('/repos/cart', 'not a git repository'),
      'NotFoundError',
    ],
    [new UnknownRefError('release/9.9.9', '/repos/cart'), 'InputError'],
    [new InvalidRevisionError('HEAD~2', 'expected a ref name'), 'InputError'],
    [new InvalidVersionError('1.x'), 'InputError'],
    [new TagConflictError('v1.0.0', 'a'.repeat(40)), 'ConflictError'],
    [new EnvironmentBranchBusyError('environment/qa', 5), 'ConflictError'],
    [new InvalidHotfixTargetError('v9.9.9', 'no such tag'), 'InputError'],
    [new InvalidHotfixRequestError('no commits to cherry-pick'), 'InputError'],
    [new HotfixBranchError('release/1.4', 'checked out'), 'ConflictError'],
    [
      new HotfixConflictError({
        fixSha: 'a'.repeat(40),
        branch: 'release/1.4',
        files: ['src/cart.ts'],
      }),
      'ConflictError',
    ],
    [
      new HotfixAlreadyAppliedError('a'.repeat(40), 'release/1.4'),
      'ConflictError',
    ],
    [
      new HotfixRaceError({
        branch: 'release/1.4',
        tag: 'v1.4.1',
        reason: 'tag v1.4.1 was created meanwhile',
      }),
      'ConflictError',
    ],
  ])('maps %s to %s, keeping the message and the cause', (error, name) => {
    const mapped = toBackstageError(error) as Error & { cause?: unknown };
    expect(mapped.name).toBe(name);
    expect(mapped.message).toBe(error.message);
    expect(mapped.cause).toBe(error);
  });

  it("never passes a hosted SCM's status on as ours", () => {
    const scm = Object.create(GithubApiError.prototype);
    Object.assign(scm, {
      message: 'GitHub answered 404 Not Found',
      name: 'GithubApiError',
    });
    expect((toBackstageError(scm) as Error).name).toBe(
      'ServiceUnavailableError',
    );
  });

  it('leaves other errors alone', () => {
    const error = new Error('boom');
    expect(toBackstageError(error)).toBe(error);
    expect(toBackstageError('text')).toBe('text');
  });
});
