import {
  InvalidSchemaFileError,
  SchemaDowngradeError,
  parseSchemaFile,
  planSchemaStep,
} from './schemaVersions';

describe('parseSchemaFile', () => {
  it('reads a bare version and a map with compatibleUpTo', () => {
    expect(parseSchemaFile('8\n')).toEqual({ version: 8, compatibleUpTo: 8 });
    expect(parseSchemaFile('version: 7\ncompatibleUpTo: 8\n')).toEqual({
      version: 7,
      compatibleUpTo: 8,
    });
    expect(parseSchemaFile('version: 0')).toEqual({
      version: 0,
      compatibleUpTo: 0,
    });
  });

  it.each([
    ['-1', /schema version must be a whole number of 0 or more, not -1/],
    ['7.5', /not 7\.5/],
    ['"8"', /must hold a schema version/],
    ['[1]', /must hold a schema version/],
    ['version: 8\ncompatibleUpTo: 7', /compatibleUpTo 7 is below version 8/],
    ['version: 8\ncompatible: 9', /unknown keys compatible/],
    ['compatibleUpTo: 9', /version must be a whole number/],
    ['version: [', /is not YAML/],
  ])('refuses %j', (text, message) => {
    expect(() => parseSchemaFile(text, 'db/schema')).toThrow(
      InvalidSchemaFileError,
    );
    expect(() => parseSchemaFile(text, 'db/schema')).toThrow(message);
  });
});

describe('planSchemaStep', () => {
  const step = (environment: number | null, release: string | null) =>
    planSchemaStep({
      what: 'checkout v2.2.0',
      environmentName: 'prod',
      environment,
      release: release === null ? null : parseSchemaFile(release),
      file: 'db/schema-version',
    });

  it('moves the environment forward with a newer schema', () => {
    expect(step(7, '8')).toEqual({
      environment: 7,
      release: 8,
      compatibleUpTo: 8,
      runs: 8,
    });
    expect(step(null, '3')).toMatchObject({ runs: 3 });
  });

  it('keeps the newer schema when a compatible older release goes in', () => {
    expect(step(8, 'version: 7\ncompatibleUpTo: 8')).toEqual({
      environment: 8,
      release: 7,
      compatibleUpTo: 8,
      runs: 8,
    });
  });

  it('refuses an older release that does not run on the newer schema, with the reason', () => {
    expect(() => step(8, '7')).toThrow(SchemaDowngradeError);
    expect(() => step(9, 'version: 7\ncompatibleUpTo: 8')).toThrow(
      'checkout v2.2.0 cannot go to prod: its database schema is 7 and prod runs schema 9, which migrations do not undo; checkout v2.2.0 runs on schemas up to 8 (compatibleUpTo in db/schema-version)',
    );
  });

  it('has no step for a release without schema file', () => {
    expect(step(8, null)).toEqual({
      environment: 8,
      release: null,
      compatibleUpTo: null,
      runs: 8,
    });
  });
});
