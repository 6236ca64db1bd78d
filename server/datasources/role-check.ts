import { ParleyError } from '../../agent/errors';
import type { SqlClient } from '../../tools/types';

/**
 * Is the role Parley connects as really read-only? The SQL guard and the read-only transaction
 * are the first walls; this is the one that holds when both fail: a role that cannot write,
 * cannot run programs or read files on the database host, and cannot make itself more.
 */

/** Built-in roles whose members can write any data or reach the database host's files and programs. */
const DANGEROUS_ROLES = ['pg_write_all_data', 'pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files'];

const SYSTEM_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'`;

export const README_ROLE_SECTION = 'the README section "A read-only role for each datasource"';

/** What makes the connecting role not read-only, one line each; empty when it is read-only. */
export async function roleFindings(c: SqlClient): Promise<string[]> {
  const { rows: [r] } = await c.query<{ rolname: string; rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolbypassrls: boolean; rolreplication: boolean; dangerous: string[] }>(
    `SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolreplication,
            ARRAY(SELECT b.rolname::text FROM pg_roles b WHERE b.rolname = ANY($1::text[]) AND pg_has_role(r.oid, b.oid, 'MEMBER') ORDER BY 1) AS dangerous
       FROM pg_roles r WHERE r.rolname = current_user`,
    [DANGEROUS_ROLES],
  );
  const found: string[] = [];
  // A superuser passes every privilege check below, so say only that.
  if (r.rolsuper) return [`"${r.rolname}" is a superuser`];
  const attributes = [r.rolcreaterole && 'CREATEROLE', r.rolcreatedb && 'CREATEDB', r.rolbypassrls && 'BYPASSRLS', r.rolreplication && 'REPLICATION'].filter(Boolean);
  if (attributes.length) found.push(`"${r.rolname}" has ${attributes.join(', ')}`);
  if (r.dangerous.length) found.push(`"${r.rolname}" is a member of ${r.dangerous.join(', ')}`);

  // Ownership is checked through membership: a role that is a member of the owner can act as it.
  const { rows: schemas } = await c.query<{ nspname: string; owns: boolean }>(
    `SELECT n.nspname, pg_has_role(current_user, n.nspowner, 'MEMBER') AS owns
       FROM pg_namespace n
      WHERE ${SYSTEM_SCHEMAS} AND (pg_has_role(current_user, n.nspowner, 'MEMBER') OR has_schema_privilege(n.oid, 'CREATE'))
      ORDER BY 1`,
  );
  const owned = schemas.filter((s) => s.owns).map((s) => s.nspname);
  const creatable = schemas.filter((s) => !s.owns).map((s) => s.nspname);
  if (owned.length) found.push(`it owns the schema${owned.length > 1 ? 's' : ''} ${list(owned)}`);
  if (creatable.length) found.push(`it may CREATE in the schema${creatable.length > 1 ? 's' : ''} ${list(creatable)}`);

  const { rows: tables } = await c.query<{ name: string; owns: boolean }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, pg_has_role(current_user, c.relowner, 'MEMBER') AS owns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${SYSTEM_SCHEMAS} AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
        AND (pg_has_role(current_user, c.relowner, 'MEMBER') OR has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'))
      ORDER BY 1`,
  );
  const ownedTables = tables.filter((t) => t.owns).map((t) => t.name);
  const writable = tables.filter((t) => !t.owns).map((t) => t.name);
  if (ownedTables.length) found.push(`it owns ${ownedTables.length} table${ownedTables.length > 1 ? 's' : ''} (${list(ownedTables)})`);
  if (writable.length) found.push(`it may INSERT, UPDATE, DELETE or TRUNCATE ${writable.length} table${writable.length > 1 ? 's' : ''} (${list(writable)})`);
  return found;
}

function list(names: string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

/** The refusal for a role that is not read-only, saying what was found and where the fix is. */
export function roleRefusal(display: string, findings: string[], saved: boolean): ParleyError {
  return new ParleyError('datasource:role_not_read_only', {
    status: 400,
    userMessage:
      `The database user for ${display} is not read-only: ${findings.join('; ')}. ` +
      `Connect with a role that can only read (see ${README_ROLE_SECTION}).` +
      (saved ? ' Parley will not query it until it is removed and connected again with such a role.' : ' Nothing was saved.'),
  });
}
