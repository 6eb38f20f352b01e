/*
 * Typed errors of the versioning engine. Callers (the backend router, the
 * CLI) map them to user-facing messages by class, so each one carries the
 * offending value as a field as well as in its message.
 */

/** Base class of every error thrown by `plugin-releases-common`. */
export class ReleasesError extends Error {
  constructor(message: string) {
    super(message);
    // The subclass name, so logs and `instanceof`-free checks see the real kind.
    this.name = new.target.name;
  }
}

/** A preset name that is neither built in nor registered. */
export class UnknownPresetError extends ReleasesError {
  readonly preset: string;
  readonly validPresets: string[];
  constructor(preset: string, validPresets: string[]) {
    super(
      `Unknown versioning preset '${preset}'; valid presets are: ${validPresets
        .map(p => `'${p}'`)
        .join(', ')}`,
    );
    this.preset = preset;
    this.validPresets = validPresets;
  }
}

/** A preset registered twice under the same name. */
export class DuplicatePresetError extends ReleasesError {
  readonly preset: string;
  constructor(preset: string) {
    super(`A versioning preset named '${preset}' is already registered`);
    this.preset = preset;
  }
}

/** A string that is not a (strict SemVer 2.0.0) version where one is required. */
export class InvalidVersionError extends ReleasesError {
  readonly value: string;
  constructor(
    value: string,
    reason = 'is not a valid semantic version (SemVer 2.0.0)',
  ) {
    super(`'${value}' ${reason}`);
    this.value = value;
  }
}

/** A branch or tag name that Git would reject (`git check-ref-format`). */
export class InvalidRefNameError extends ReleasesError {
  readonly value: string;
  /** What the name was meant to be, e.g. `branch`, `tag`. */
  readonly what: string;
  /** The rule the name breaks. */
  readonly rule: string;
  constructor(value: string, what: string, rule: string) {
    super(`Invalid ${what} name '${value}': ${rule}`);
    this.value = value;
    this.what = what;
    this.rule = rule;
  }
}

/** An artifact version template that cannot be rendered. */
export class InvalidTemplateError extends ReleasesError {
  readonly template: string;
  constructor(template: string, reason: string) {
    super(`Invalid version template '${template}': ${reason}`);
    this.template = template;
  }
}
