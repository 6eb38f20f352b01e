/*
 * Why a hotfix was not cut. Each one leaves the repository as it was: no
 * branch created or moved, no tag. The backend maps the input errors
 * (`InvalidHotfixTargetError`, `InvalidHotfixRequestError`) to 400 and the
 * others to 409.
 */

/** Base of the hotfix errors, so a caller can catch them together. */
export class HotfixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = HotfixError.name;
  }
}

/** The target is not an existing final release tag of the component. */
export class InvalidHotfixTargetError extends HotfixError {
  readonly target: string;
  constructor(target: string, reason: string) {
    super(`Cannot hotfix '${target}': ${reason}`);
    this.name = InvalidHotfixTargetError.name;
    this.target = target;
  }
}

/** The request cannot be carried out as given: no fix commits, a merge commit, a bad identity or path. */
export class InvalidHotfixRequestError extends HotfixError {
  constructor(reason: string) {
    super(`Invalid hotfix request: ${reason}`);
    this.name = InvalidHotfixRequestError.name;
  }
}

/**
 * The release branch does not hold the release it should patch (the target
 * tag, or the latest patch of that line), so a patch on it would lose a
 * released fix.
 */
export class HotfixBranchError extends HotfixError {
  readonly branch: string;
  constructor(branch: string, reason: string) {
    super(`Cannot cut a hotfix on '${branch}': ${reason}`);
    this.name = HotfixBranchError.name;
    this.branch = branch;
  }
}

/** A fix commit does not apply cleanly to the release branch. */
export class HotfixConflictError extends HotfixError {
  readonly fixSha: string;
  readonly branch: string;
  /** Paths with conflicts, relative to the repository root. */
  readonly files: string[];
  constructor(options: { fixSha: string; branch: string; files: string[] }) {
    super(
      `Commit ${options.fixSha.slice(0, 12)} does not apply to '${
        options.branch
      }': conflicts in ${options.files.join(', ')}`,
    );
    this.name = HotfixConflictError.name;
    this.fixSha = options.fixSha;
    this.branch = options.branch;
    this.files = options.files;
  }
}

/** The fix is already on the release branch: a patch would change nothing. */
export class HotfixAlreadyAppliedError extends HotfixError {
  readonly fixSha: string;
  readonly branch: string;
  constructor(fixSha: string, branch: string) {
    super(
      `Commit ${fixSha.slice(
        0,
        12,
      )} is already contained in '${branch}'; there is nothing to hotfix`,
    );
    this.name = HotfixAlreadyAppliedError.name;
    this.fixSha = fixSha;
    this.branch = branch;
  }
}

/**
 * The branch moved or the patch tag appeared while the hotfix was being
 * prepared (another hotfix, a push); retrying computes the next patch anew.
 */
export class HotfixRaceError extends HotfixError {
  readonly branch: string;
  readonly tag: string;
  constructor(options: { branch: string; tag: string; reason: string }) {
    super(
      `Hotfix ${options.tag} on '${options.branch}' not published: ${options.reason}`,
    );
    this.name = HotfixRaceError.name;
    this.branch = options.branch;
    this.tag = options.tag;
  }
}
