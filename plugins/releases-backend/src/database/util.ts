/** Dates as the API shows them, from what SQLite or PostgreSQL return. */
export function toIso(value: string | Date | number): string {
  return new Date(value).toISOString();
}

/** True for a violated unique or primary key, on SQLite and PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
