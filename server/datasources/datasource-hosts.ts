import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ParleyError } from '../../agent/errors';

/**
 * Which hosts a datasource may point at. The unspecified addresses (0.0.0.0/8, ::, and their
 * IPv4-mapped forms) are always refused: connecting to them reaches the Parley machine itself
 * under a name that slips past a reviewer, and `0`, `0x0` or `00` are the same address to the
 * resolver. With `PARLEY_DATASOURCE_HOSTS` set, only the hosts it names are accepted.
 */

const UNSPECIFIED = new BlockList();
UNSPECIFIED.addSubnet('0.0.0.0', 8, 'ipv4');
UNSPECIFIED.addAddress('::', 'ipv6');
UNSPECIFIED.addSubnet('::ffff:0.0.0.0', 104, 'ipv6');

export interface HostAllowList {
  /** Exact names (lower case) and `.suffix` for `*.suffix` entries. */
  names: string[];
  suffixes: string[];
  ips: BlockList;
  hasIps: boolean;
  /** As configured, for messages. */
  text: string;
}

/**
 * Parses `PARLEY_DATASOURCE_HOSTS`: comma-separated host names (`db.example.com`), subdomain
 * patterns (`*.example.com`: any name ending in `.example.com`) and IP addresses. Throws on an
 * entry that is none of these, so a typo cannot silently allow nothing or everything.
 */
export function parseHostAllowList(value: string | undefined): HostAllowList | undefined {
  if (!value?.trim()) return undefined;
  const list: HostAllowList = { names: [], suffixes: [], ips: new BlockList(), hasIps: false, text: value };
  for (const raw of value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    const ip = raw.replace(/^\[(.*)\]$/, '$1');
    const family = isIP(ip);
    if (family) {
      list.ips.addAddress(ip, family === 4 ? 'ipv4' : 'ipv6');
      list.hasIps = true;
    } else if (/^\*\.[a-z0-9.-]+$/.test(raw)) list.suffixes.push(raw.slice(1));
    else if (/^[a-z0-9.-]+$/.test(raw) && !raw.includes('*')) list.names.push(raw.replace(/\.$/, ''));
    else throw new Error(`"${raw}" is not a host name, *.domain pattern or IP address`);
  }
  return list;
}

function ipAllowed(list: HostAllowList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.ips.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function nameAllowed(list: HostAllowList, host: string): boolean {
  return list.names.includes(host) || list.suffixes.some((s) => host.endsWith(s) && host.length > s.length);
}

function notAllowed(userMessage: string): ParleyError {
  return new ParleyError('datasource:host_not_allowed', { status: 400, userMessage });
}

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Checks a datasource host against the rules; resolves the name so a name (or numeric form) of
 * an unspecified address is refused too. A name that does not resolve throws the resolver's
 * error, which the caller reports as "could not connect" like any other network failure.
 */
export async function checkDatasourceHost(host: string, allow: HostAllowList | undefined, lookup: Lookup = systemLookup): Promise<void> {
  const literal = isIP(host) !== 0;
  if (literal && UNSPECIFIED.check(host, isIP(host) === 4 ? 'ipv4' : 'ipv6')) throw unspecified(host);
  const byName = allow ? nameAllowed(allow, host) || (literal && ipAllowed(allow, host)) : true;
  // Refused by name with no IP entries to match: say so without asking DNS about the name.
  if (allow && !byName && !allow.hasIps) throw outsideList(host, allow);
  const addresses = await lookup(host);
  for (const a of addresses) {
    if (UNSPECIFIED.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4')) throw unspecified(host, a.address);
  }
  if (allow && !byName && !addresses.some((a) => ipAllowed(allow, a.address))) throw outsideList(host, allow);
}

function unspecified(host: string, address?: string): ParleyError {
  const what = address && address !== host ? `"${host}" resolves to ${address}, an unspecified (wildcard) address` : `"${host}" is an unspecified (wildcard) address`;
  return notAllowed(`${what}, which is not accepted as a datasource host. Give the database server's own name or IP address. Nothing was saved.`);
}

// The list itself is not shown: it maps the operator's internal network.
function outsideList(host: string, _allow: HostAllowList): ParleyError {
  return notAllowed(`The host "${host}" is not in this Parley's list of allowed datasource hosts (PARLEY_DATASOURCE_HOSTS). Ask your administrator to add it. Nothing was saved.`);
}
