import { ReleasesError } from '../errors';

/** A release window policy (app-config `releases.windows.<system>`) that is malformed. */
export class InvalidWindowPolicyError extends ReleasesError {
  /** Path of the offending field, e.g. `windows[1].start`. */
  readonly field: string;
  readonly value: unknown;
  constructor(field: string, reason: string, value?: unknown) {
    super(`${field}: ${reason}`);
    this.field = field;
    this.value = value;
  }
}
