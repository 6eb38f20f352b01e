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
  InvalidRevisionError,
  NotAReleaseTagError,
  RepositoryNotFoundError,
  ScmApiError,
  TagConflictError,
  UnknownRefError,
} from '@releases-for-backstage/plugin-releases-node';

/**
 * Git and SCM failures as Backstage errors, so the error middleware answers
 * with the right status and the message names what is wrong. A hosted
 * SCM's status (GitHub's 404, say) is never passed on as ours: it is a
 * service we depend on that failed (503).
 */
export function toBackstageError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error instanceof RepositoryNotFoundError) {
    return new NotFoundError(error.message, error);
  }
  if (
    error instanceof UnknownRefError ||
    error instanceof InvalidRevisionError ||
    error instanceof NotAReleaseTagError ||
    error instanceof InvalidRefNameError ||
    error instanceof InvalidVersionError
  ) {
    return new InputError(error.message, error);
  }
  if (
    error instanceof TagConflictError ||
    error instanceof EnvironmentBranchBusyError
  ) {
    return new ConflictError(error.message, error);
  }
  if (error instanceof ScmApiError) {
    return new ServiceUnavailableError(error.message, error);
  }
  return error;
}
