import { ParleyError } from '../../agent/errors';
import type pg from 'pg';

/**
 * The rules a datasource connection URL must pass before Parley tries to connect. We never hand
 * the URL to `pg`: its parser (pg-connection-string) reads the files named by `sslcert`, `sslkey`
 * and `sslrootcert` synchronously, takes `host=` from the query string (unix sockets), passes
 * `options=` (`-c default_transaction_read_only=off`), `replication=` and more to the server, and
 * `pg` reads `~/.pgpass` and `PG*` variables for whatever is missing. Instead the URL is parsed
 * here into exactly the fields we allow, and `pg` gets those fields and nothing else.
 */

export type SslMode = 'disable' | 'require' | 'verify-full' | 'no-verify';

export interface ConnectionTarget {
  /** A host name or IP literal (IPv6 without brackets). */
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  sslmode?: SslMode;
  applicationName?: string;
  /** host:port/database for messages and listings, never credentials. */
  display: string;
}

/** Query parameters a URL may carry; anything else is refused by name. */
const ALLOWED_PARAMS = new Set(['sslmode', 'application_name']);

/** Parameters worth a precise word in the refusal: they read files or redirect the connection. */
const PARAM_REASONS: Record<string, string> = {
  sslcert: 'names a file on the Parley server; send certificates as text in `ssl.cert` instead',
  sslkey: 'names a file on the Parley server; send the key as text in `ssl.key` instead',
  sslrootcert: 'names a file on the Parley server; send the CA certificate as text in `ssl.ca` instead',
  sslcrl: 'names a file on the Parley server',
  sslcrldir: 'names a folder on the Parley server',
  passfile: 'names a file on the Parley server; put the password in the URL',
  service: 'reads a service file on the Parley server',
  host: 'overrides the host (and can name a unix socket); put the host in the URL',
  hostaddr: 'overrides the host; put the host in the URL',
  port: 'overrides the port; put the port in the URL',
  options: 'sets server options for the session, which Parley controls',
  replication: 'opens a replication connection',
};

/** libpq's sslmode values, mapped to what pg does (pg verifies the server for all of prefer/require/verify-*). */
const SSL_MODES: Record<string, SslMode> = {
  disable: 'disable',
  allow: 'require',
  prefer: 'require',
  require: 'require',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
  'no-verify': 'no-verify',
};

function invalid(userMessage: string): ParleyError {
  return new ParleyError('datasource:invalid_url', { status: 400, userMessage });
}

// A DNS name (letters, digits, hyphens, dots) — no %-escapes, slashes, commas or spaces, so no
// unix-socket path and no multi-host list can hide in it.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** Parses and checks a connection URL; throws `datasource:invalid_url` (400) naming what is wrong. */
export function parseConnectionUrl(url: string): ConnectionTarget {
  if (!/^postgres(ql)?:\/\//i.test(url)) throw invalid('url: expects a postgres:// or postgresql:// connection URL');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid('url: expects a connection URL such as postgres://user:password@host:5432/database');
  }
  for (const name of new Set(u.searchParams.keys())) {
    if (ALLOWED_PARAMS.has(name)) continue;
    const why = PARAM_REASONS[name.toLowerCase()];
    throw invalid(`url: the parameter "${name}" is not accepted${why ? `: it ${why}` : ''}. Allowed parameters: ${[...ALLOWED_PARAMS].join(', ')}.`);
  }
  const host = hostOf(u);
  const user = decode(u.username, 'user');
  if (!user) throw invalid('url: expects a user name, as in postgres://user:password@host:5432/database');
  const database = decode(u.pathname.replace(/^\//, ''), 'database') || user;
  if (database.includes('/')) throw invalid('url: expects one database name after the host');
  const port = u.port ? Number(u.port) : 5432;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid('url: expects a port between 1 and 65535');
  let sslmode: SslMode | undefined;
  const mode = u.searchParams.get('sslmode');
  if (mode !== null) {
    sslmode = SSL_MODES[mode];
    if (!sslmode) throw invalid(`url: sslmode "${mode}" is not one of ${Object.keys(SSL_MODES).join(', ')}`);
  }
  return {
    host,
    port,
    user,
    password: decode(u.password, 'password'),
    database,
    sslmode,
    applicationName: u.searchParams.get('application_name') ?? undefined,
    display: `${u.hostname}${u.port ? `:${u.port}` : ''}/${database}`,
  };
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`url: the ${what} has a malformed %-escape`);
  }
}

function hostOf(u: URL): string {
  const raw = u.hostname;
  if (!raw) throw invalid('url: expects a host name or IP address (unix sockets are not accepted)');
  if (raw.startsWith('[')) return raw.slice(1, -1); // the URL parser has already validated IPv6
  if (/%2f|\//i.test(raw)) throw invalid('url: unix-socket paths are not accepted; give a host name or IP address');
  if (!HOST_NAME.test(raw)) throw invalid(`url: "${raw}" is not a host name or IP address`);
  return raw.replace(/\.$/, '').toLowerCase();
}

/** Certificates sent as text (PEM), never as file names. */
export interface TlsText {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}

/**
 * Exactly the settings `pg` gets for a target: no connectionString, so nothing is read from files
 * or the query string. The password is a function because pg replaces an empty one with
 * PGPASSWORD or the Parley server's ~/.pgpass, which would hand our credentials to any host.
 */
export function clientConfig(t: ConnectionTarget, tls: TlsText | undefined, connectionTimeoutMillis: number): pg.ClientConfig {
  const password = t.password;
  return {
    host: t.host,
    port: t.port,
    user: t.user,
    database: t.database,
    password: async () => password,
    ssl: sslOption(t.sslmode, tls),
    application_name: t.applicationName ?? 'parley',
    connectionTimeoutMillis,
  };
}

function sslOption(mode: SslMode | undefined, tls: TlsText | undefined): pg.ClientConfig['ssl'] {
  if (mode === 'disable') return false;
  if (!mode && !tls) return false;
  return {
    ca: tls?.ca,
    cert: tls?.cert,
    key: tls?.key,
    rejectUnauthorized: mode === 'no-verify' ? false : (tls?.rejectUnauthorized ?? true),
  };
}
