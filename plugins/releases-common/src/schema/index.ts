export {
  InvalidSchemaFileError,
  RELEASES_SCHEMA_FILE_ANNOTATION,
  SchemaDowngradeError,
  parseSchemaFile,
  planSchemaStep,
} from './schemaVersions';
export type { SchemaDeclaration, SchemaStep } from './schemaVersions';
