/**
 * What a database error may say, and to whom. Postgres's message text can carry data: a cast
 * error prints the value (`invalid input syntax for type integer: "hunter2"`), and that was the
 * channel used to read data back through the chat (issue 12). So the SQL writer's retry sees the
 * message with quoted values removed (it keeps the column and type names it needs), the log
 * keeps the raw text, and people see only a plain sentence with the SQLSTATE code.
 */

/** SQLSTATE class 42 (syntax, undefined or mistyped names) quotes identifiers the writer chose, not data. */
const NAMES_ONLY = /^42/;

/** Postgres's message for the SQL writer: identifiers kept for class 42, every quoted value removed otherwise. */
export function databaseErrorForModel(message: string, pgCode?: string): string {
  const line = message.split('\n')[0].slice(0, 300);
  if (pgCode && NAMES_ONLY.test(pgCode)) return line;
  // Double-quoted values ("hunter2"), single-quoted ones, and anything after a colon that a value follows.
  return line
    .replace(/"(?:[^"]|"")*"/g, '"…"')
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/:\s+(?!"…"|'…')\S.*$/, ': …');
}

/** The sentence people see when the database refused a query: no database text, only its code. */
export function databaseErrorForPeople(pgCode?: string): string {
  return `The database could not run this query${pgCode ? ` (SQLSTATE ${pgCode})` : ''}.`;
}
