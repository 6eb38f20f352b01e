/*
 * Database schema versions of releases. A component names a file in its
 * repository (annotation `releases-for-backstage.io/schema-file`) that
 * holds the schema version of each commit: a sequential integer, and
 * optionally the newest schema the release still runs on. An environment
 * records the schema it runs, which only moves forward: migrations are
 * not undone, so a release whose schema is older than the environment's
 * may go there only when it declares itself compatible with that schema.
 * Pure: the caller reads the file from Git.
 */
import { parse } from 'yaml';
import { ReleasesError } from '../errors';

export const RELEASES_SCHEMA_FILE_ANNOTATION =
  'releases-for-backstage.io/schema-file';

/** What a release's schema file says. */
export interface SchemaDeclaration {
  /** The schema version the release migrates the database to. */
  version: number;
  /** The newest schema it still runs on (default: its own version). */
  compatibleUpTo: number;
}

/** The schema step of a promotion, shown beside its version step. */
export interface SchemaStep {
  /** The schema the environment runs now (null: not recorded). */
  environment: number | null;
  /** The release's schema and the newest it runs on (null: no schema file at that commit). */
  release: number | null;
  compatibleUpTo: number | null;
  /** The schema the environment runs afterwards. */
  runs: number | null;
}

export class InvalidSchemaFileError extends ReleasesError {}

/** The release's schema is older than the environment's, and it does not run on it. */
export class SchemaDowngradeError extends ReleasesError {}

function schemaInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidSchemaFileError(
      `${what} must be a whole number of 0 or more, not ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value;
}

/**
 * Reads a schema file: a bare integer (`8`), or YAML
 * `version: 7` with `compatibleUpTo: 8`.
 */
export function parseSchemaFile(
  text: string,
  file = 'schema file',
): SchemaDeclaration {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new InvalidSchemaFileError(
      `${file} is not YAML: ${(error as Error).message}`,
    );
  }
  if (typeof data === 'number') {
    const version = schemaInteger(data, `${file}: the schema version`);
    return { version, compatibleUpTo: version };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InvalidSchemaFileError(
      `${file} must hold a schema version (a whole number) or a map with 'version'`,
    );
  }
  const map = data as Record<string, unknown>;
  const unknown = Object.keys(map).filter(
    k => k !== 'version' && k !== 'compatibleUpTo',
  );
  if (unknown.length > 0) {
    throw new InvalidSchemaFileError(
      `${file} has unknown keys ${unknown.join(
        ', ',
      )}; it takes 'version' and 'compatibleUpTo'`,
    );
  }
  const version = schemaInteger(map.version, `${file}: version`);
  const compatibleUpTo =
    map.compatibleUpTo === undefined
      ? version
      : schemaInteger(map.compatibleUpTo, `${file}: compatibleUpTo`);
  if (compatibleUpTo < version) {
    throw new InvalidSchemaFileError(
      `${file}: compatibleUpTo ${compatibleUpTo} is below version ${version}`,
    );
  }
  return { version, compatibleUpTo };
}

/**
 * The schema step of putting `release` (`what`: `checkout v2.2.0`) into
 * an environment that runs schema `environment`; throws
 * SchemaDowngradeError, with the reason, when the release cannot run
 * there.
 */
export function planSchemaStep(input: {
  what: string;
  environmentName: string;
  environment: number | null;
  release: SchemaDeclaration | null;
  file: string;
}): SchemaStep {
  const { environment, release } = input;
  if (!release) {
    return {
      environment,
      release: null,
      compatibleUpTo: null,
      runs: environment,
    };
  }
  if (
    environment !== null &&
    release.version < environment &&
    release.compatibleUpTo < environment
  ) {
    throw new SchemaDowngradeError(
      `${input.what} cannot go to ${input.environmentName}: its database schema is ${release.version} and ${input.environmentName} runs schema ${environment}, which migrations do not undo; ${input.what} runs on schemas up to ${release.compatibleUpTo} (compatibleUpTo in ${input.file})`,
    );
  }
  return {
    environment,
    release: release.version,
    compatibleUpTo: release.compatibleUpTo,
    runs: Math.max(environment ?? release.version, release.version),
  };
}
