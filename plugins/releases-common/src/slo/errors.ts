import { ReleasesError } from '../errors';

/**
 * A service level objectives file that cannot be used. `path` names the
 * offending field the way the file spells it, e.g.
 * `objectives[2].pass[0].criteria[1]`; empty when the text is unreadable.
 */
export class InvalidSloDefinitionError extends ReleasesError {
  readonly source?: string;
  readonly path: string;
  readonly reason: string;
  /** 1-based line in the text, when known. */
  readonly line?: number;
  constructor(options: {
    path: string;
    reason: string;
    source?: string;
    line?: number;
  }) {
    const { path, reason, source, line } = options;
    const where = [source, line !== undefined ? `line ${line}` : undefined]
      .filter(Boolean)
      .join(', ');
    super(`${where ? `${where}: ` : ''}${path ? `${path}: ` : ''}${reason}`);
    this.source = source;
    this.path = path;
    this.reason = reason;
    this.line = line;
  }
}
