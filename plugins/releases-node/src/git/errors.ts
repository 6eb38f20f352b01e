/** The location does not name a readable Git repository. */
export class RepositoryNotFoundError extends Error {
  readonly location: string;
  constructor(location: string, reason: string) {
    super(`No Git repository at ${location}: ${reason}`);
    this.name = RepositoryNotFoundError.name;
    this.location = location;
  }
}

/** A revision given by the user does not resolve to a commit. */
export class UnknownRefError extends Error {
  readonly ref: string;
  constructor(ref: string, location: string) {
    super(`Unknown ref '${ref}' in ${location}`);
    this.name = UnknownRefError.name;
    this.ref = ref;
  }
}

/** A revision given by the user is not an acceptable name. */
export class InvalidRevisionError extends Error {
  readonly revision: string;
  constructor(revision: string, reason: string) {
    super(`Invalid revision '${revision}': ${reason}`);
    this.name = InvalidRevisionError.name;
    this.revision = revision;
  }
}

/** A tag to create already exists on another commit. */
export class TagConflictError extends Error {
  readonly tag: string;
  readonly existingSha: string;
  constructor(tag: string, existingSha: string) {
    super(`Tag '${tag}' already exists on commit ${existingSha.slice(0, 12)}`);
    this.name = TagConflictError.name;
    this.tag = tag;
    this.existingSha = existingSha;
  }
}
