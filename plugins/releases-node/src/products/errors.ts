/*
 * Why a product release was not cut. Each one leaves the repository as it
 * was: no commit on the branch, no tag. The backend maps
 * `InvalidProductReleaseError` (and the manifest's own
 * `InvalidProductManifestError`) to 400 and the conflict to 409.
 */

/** Base of the product release errors, so a caller can catch them together. */
export class ProductReleaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request cannot be carried out as given: a bad identity, path, branch or tag name. */
export class InvalidProductReleaseError extends ProductReleaseError {
  constructor(reason: string) {
    super(`Invalid product release: ${reason}`);
  }
}

/**
 * The release's tag exists already, or the branch is not where the cut
 * expected it (another cut, a push meanwhile); retrying computes anew.
 */
export class ProductReleaseConflictError extends ProductReleaseError {
  readonly tag: string;
  readonly branch: string;
  readonly reason: string;
  constructor(options: { tag: string; branch: string; reason: string }) {
    super(
      `Product release ${options.tag} on '${options.branch}' not cut: ${options.reason}`,
    );
    this.tag = options.tag;
    this.branch = options.branch;
    this.reason = options.reason;
  }
}
