/*
 * Errors of the `releases` command. Each maps to an exit code: bad input
 * exits 2 before any request is made, a backend that refuses or cannot be
 * reached exits 1. `run` prints them as one line.
 */

/** Input the command refuses before doing anything: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = UsageError.name;
  }
}

/** The backend answered with an error or could not be reached: exit code 1. */
export class BackendError extends Error {
  /** HTTP status of the answer; undefined when there was none. */
  readonly status?: number;
  /** The URL asked, without query or credentials. */
  readonly url: string;
  constructor(message: string, options: { url: string; status?: number }) {
    super(message);
    this.name = BackendError.name;
    this.url = options.url;
    this.status = options.status;
  }
}
