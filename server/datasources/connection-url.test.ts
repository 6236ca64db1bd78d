import { describe, expect, it } from 'vitest';
import { clientConfig, parseConnectionUrl } from './connection-url';
import { checkDatasourceHost, parseHostAllowList } from './datasource-hosts';

describe('parseConnectionUrl', () => {
  it('takes host, port, user, password and database, and nothing else', () => {
    const t = parseConnectionUrl('postgresql://ana:p%40ss@db.example.com:6543/sales?sslmode=require&application_name=bi');
    expect(t).toMatchObject({ host: 'db.example.com', port: 6543, user: 'ana', password: 'p@ss', database: 'sales', sslmode: 'require', applicationName: 'bi', display: 'db.example.com:6543/sales' });
    expect(parseConnectionUrl('postgres://ana@[::1]/x')).toMatchObject({ host: '::1', port: 5432 });
  });

  it.each([
    ['sslrootcert', 'postgres://u@h/db?sslrootcert=/etc/passwd'],
    ['sslkey', 'postgres://u@h/db?sslkey=/etc/ssl/private/parley.key'],
    ['sslcert', 'postgres://u@h/db?sslcert=/x'],
    ['host', 'postgres://u@h/db?host=/tmp'],
    ['options', 'postgres://u@h/db?options=-c%20default_transaction_read_only%3Doff'],
    ['replication', 'postgres://u@h/db?replication=database'],
    ['passfile', 'postgres://u@h/db?passfile=/x'],
    ['uselibpqcompat', 'postgres://u@h/db?uselibpqcompat=true'],
  ])('refuses the %s parameter by name', (param, url) => {
    expect(() => parseConnectionUrl(url)).toThrow(expect.objectContaining({ code: 'datasource:invalid_url', userMessage: expect.stringContaining(`"${param}"`) }));
  });

  it.each([
    ['a %2F unix socket host', 'postgres://u@%2Fvar%2Frun%2Fpostgresql/db'],
    ['an empty host', 'postgres://u@/db'],
    ['a socket: URL', 'socket://u@/var/run/postgresql'],
    ['a bare path', '/var/run/postgresql db'],
    ['a multi-host list', 'postgres://u@h1,h2/db'],
    ['no user', 'postgres://h/db'],
  ])('refuses %s', (_n, url) => {
    expect(() => parseConnectionUrl(url)).toThrow(expect.objectContaining({ code: 'datasource:invalid_url' }));
  });

  it('gives pg a password function, so an empty password never falls back to PGPASSWORD or ~/.pgpass', async () => {
    const c = clientConfig(parseConnectionUrl('postgres://u@h/db'), undefined, 1000);
    expect(typeof c.password).toBe('function');
    expect(await (c.password as () => Promise<string>)()).toBe('');
    expect(c).not.toHaveProperty('connectionString');
  });
});

describe('checkDatasourceHost', () => {
  const noDns = async () => {
    throw new Error('DNS must not be asked');
  };
  const resolvesTo = (address: string, family = 4) => async () => [{ address, family }];

  it.each(['0.0.0.0', '0.1.2.3', '::', '::ffff:0.0.0.0'])('refuses the unspecified address %s without DNS', async (host) => {
    await expect(checkDatasourceHost(host, undefined, noDns)).rejects.toMatchObject({ code: 'datasource:host_not_allowed' });
  });

  it.each(['0', '0x0', '00'])('refuses %s, which the resolver reads as 0.0.0.0', async (host) => {
    await expect(checkDatasourceHost(host, undefined)).rejects.toMatchObject({ code: 'datasource:host_not_allowed', userMessage: expect.stringContaining('0.0.0.0') });
  });

  it('refuses a name that resolves to an unspecified address', async () => {
    await expect(checkDatasourceHost('wild.example.com', undefined, resolvesTo('0.0.0.0'))).rejects.toMatchObject({ code: 'datasource:host_not_allowed' });
  });

  it('with an allow-list: exact names, *.suffix and IPs (also as a name resolves)', async () => {
    const allow = parseHostAllowList('db.example.com, *.corp.example, 10.0.0.7')!;
    await expect(checkDatasourceHost('db.example.com', allow, resolvesTo('10.1.1.1'))).resolves.toBeUndefined();
    await expect(checkDatasourceHost('a.b.corp.example', allow, resolvesTo('10.1.1.2'))).resolves.toBeUndefined();
    await expect(checkDatasourceHost('10.0.0.7', allow, resolvesTo('10.0.0.7'))).resolves.toBeUndefined();
    await expect(checkDatasourceHost('alias.other', allow, resolvesTo('10.0.0.7'))).resolves.toBeUndefined();
    await expect(checkDatasourceHost('corp.example', allow, resolvesTo('10.9.9.9'))).rejects.toMatchObject({ code: 'datasource:host_not_allowed' });
    await expect(checkDatasourceHost('db.example.com.evil.io', allow, resolvesTo('10.9.9.9'))).rejects.toMatchObject({ code: 'datasource:host_not_allowed' });
    await expect(checkDatasourceHost('127.0.0.1', allow, resolvesTo('127.0.0.1'))).rejects.toMatchObject({ code: 'datasource:host_not_allowed' });
  });

  it('refuses a name outside a names-only allow-list without asking DNS', async () => {
    await expect(checkDatasourceHost('elsewhere.example.org', parseHostAllowList('db.example.com'), noDns)).rejects.toMatchObject({ code: 'datasource:host_not_allowed' });
  });

  it('rejects an allow-list entry that is not a host, pattern or IP', () => {
    expect(() => parseHostAllowList('db.example.com, http://x')).toThrow();
    expect(parseHostAllowList('  ')).toBeUndefined();
  });
});
