import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  InvalidRefNameError,
  InvalidVersionError,
} from '@releases-for-backstage/plugin-releases-common';
import {
  EnvironmentBranchBusyError,
  HotfixAlreadyAppliedError,
  HotfixBranchError,
  HotfixConflictError,
  HotfixRaceError,
  InvalidHotfixRequestError,
  InvalidHotfixTargetError,
  InvalidRevisionError,
  NotAReleaseTagError,
  RepositoryNotFoundError,
  ScmApiError,
  TagConflictError,
  UnknownRefError,
} from '@releases-for-backstage/plugin-releases-node';

/** The original error as the cause, without repeating its message in ours. */
function withCause<T extends Error>(mapped: T, cause: Error): T {
  return Object.assign(mapped, { cause });
}

/**
 * Git and SCM failures as Backstage errors, so the error middleware answers
 * with the right status and the message names what is wrong. A hosted
 * SCM's status (GitHub's 404, say) is never passed on as ours: it is a
 * service we depend on that failed (503).
 */
export function toBackstageError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error instanceof RepositoryNotFoundError) {
    return withCause(new NotFoundError(error.message), error);
  }
  if (
    error instanceof UnknownRefError ||
    error instanceof InvalidRevisionError ||
    error instanceof NotAReleaseTagError ||
    error instanceof InvalidRefNameError ||
    error instanceof InvalidVersionError ||
    error instanceof InvalidHotfixTargetError ||
    error instanceof InvalidHotfixRequestError
  ) {
    return withCause(new InputError(error.message), error);
  }
  if (
    error instanceof TagConflictError ||
    error instanceof EnvironmentBranchBusyError ||
    // A hotfix that cannot be cut as the branch is: nothing was written.
    error instanceof HotfixBranchError ||
    error instanceof HotfixConflictError ||
    error instanceof HotfixAlreadyAppliedError ||
    error instanceof HotfixRaceError
  ) {
    return withCause(new ConflictError(error.message), error);
  }
  if (error instanceof ScmApiError) {
    return withCause(new ServiceUnavailableError(error.message), error);
  }
  return error;
}
