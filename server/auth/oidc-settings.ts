import { Router, type Request } from 'express';
import type pg from 'pg';
import { inTransaction } from '../store/transaction';
import { parse as parseHost } from 'tldts';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import type { AuditSink } from '../audit/audit-log';
import { parseInput } from '../http/parse';
import type { Identity } from '../identity';
import { requireRole } from './http-auth';

/** Roles a person joining by domain may get; admin is only ever given by another admin. */
export const OIDC_JOIN_ROLES = ['analyst', 'viewer'] as const;
export const MAX_OIDC_DOMAINS = 50;

export const oidcSettingsSchema = z.object({
  domains: z.array(z.string().max(253, 'expects a domain name of at most 253 characters')).max(MAX_OIDC_DOMAINS, `expects at most ${MAX_OIDC_DOMAINS} domains`),
  role: z.enum(OIDC_JOIN_ROLES, { message: "expects 'analyst' or 'viewer'" }),
});
export type OidcSettings = z.infer<typeof oidcSettingsSchema>;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function invalidDomain(domain: string, why: string): ParleyError {
  return new ParleyError('settings:invalid_domain', { status: 400, userMessage: `"${domain.slice(0, 100)}" cannot be an OIDC domain: ${why}` });
}

/**
 * One email domain people may join by: a lowercase host name (upper case is folded), exact —
 * no wildcards, subdomains are not included — and more than a public suffix (`com`, `co.uk`,
 * `github.io`), which would let in everyone with an address there.
 */
export function normalizeOidcDomain(input: string): string {
  const d = input.trim().toLowerCase();
  if (!d) throw invalidDomain(input, 'it is empty.');
  if (d.includes('*')) throw invalidDomain(input, 'wildcards are not accepted; list each domain itself (example.com), subdomains are separate entries.');
  if (d.includes('@')) throw invalidDomain(input, 'give the domain only (example.com), not an address.');
  if (/[^\x21-\x7e]/.test(d)) throw invalidDomain(input, 'it has spaces or non-ASCII letters; give an internationalized domain in its xn-- form.');
  const labels = d.split('.');
  const hostName = 'expects a host name such as example.com (letters, digits and hyphens, separated by dots).';
  if (!labels.every((l) => LABEL.test(l))) throw invalidDomain(input, hostName);
  const host = parseHost(d, { allowPrivateDomains: true });
  if (host.isIp || /^[0-9]+$/.test(labels[labels.length - 1])) throw invalidDomain(input, 'an IP address is not an email domain.');
  const listedSuffix = host.publicSuffix === d && (host.isIcann || host.isPrivate);
  if (listedSuffix || (!host.domain && labels.length >= 2)) throw invalidDomain(input, `${d} is a public suffix shared by unrelated owners; give your own domain under it (example.${d}).`);
  if (labels.length < 2 || !host.domain) throw invalidDomain(input, hostName);
  return d;
}

/** The workspace's OIDC join settings; no row means no domain joins (and viewer, the schema's default). */
export async function readOidcSettings(pool: pg.Pool, workspaceId: string): Promise<OidcSettings> {
  const { rows } = await pool.query<{ oidc_domains: string[]; oidc_role: OidcSettings['role'] }>('SELECT oidc_domains, oidc_role FROM workspace_settings WHERE workspace_id = $1', [workspaceId]);
  return rows[0] ? { domains: rows[0].oidc_domains, role: rows[0].oidc_role } : { domains: [], role: 'viewer' };
}

/** Validates and stores the settings; a domain another workspace lets join is refused (409), since a sign-in must name one workspace. */
export async function writeOidcSettings(pool: pg.Pool, workspaceId: string, input: OidcSettings): Promise<OidcSettings> {
  const domains = [...new Set(input.domains.map(normalizeOidcDomain))];
  await inTransaction(pool, async (client) => {
    // One writer at a time across workspaces, so two admins cannot claim one domain at once.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('parley:oidc_domains'))`);
    const taken = await client.query<{ d: string }>('SELECT DISTINCT unnest(oidc_domains) AS d FROM workspace_settings WHERE workspace_id <> $1 AND oidc_domains && $2::text[]', [workspaceId, domains]);
    const clash = taken.rows.map((r) => r.d).filter((d) => domains.includes(d));
    if (clash.length) {
      throw new ParleyError('settings:domain_taken', { status: 409, userMessage: `${clash.join(', ')} already lets people join another workspace; a domain can join one workspace only. Remove it there first, or invite these people instead.` });
    }
    await client.query(
      `INSERT INTO workspace_settings (workspace_id, oidc_domains, oidc_role, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (workspace_id) DO UPDATE SET oidc_domains = EXCLUDED.oidc_domains, oidc_role = EXCLUDED.oidc_role, updated_at = now()`,
      [workspaceId, domains, input.role],
    );
  });
  return { domains, role: input.role };
}

export interface OidcSettingsDeps {
  pool: pg.Pool;
  audit: AuditSink;
  identify: (req: Request) => Identity | Promise<Identity>;
}

/**
 * GET and PUT /settings/oidc {domains, role}: which email domains may join the caller's workspace
 * by OIDC sign-in, and with which role. Admins only (behind the API's sign-in check).
 */
export function oidcSettingsRouter(deps: OidcSettingsDeps): Router {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/settings/oidc', admin, async (req, res) => {
    const who = await deps.identify(req);
    res.json({ data: await readOidcSettings(deps.pool, who.workspaceId) });
  });

  router.put('/settings/oidc', admin, async (req, res) => {
    const who = await deps.identify(req);
    const input = parseInput(oidcSettingsSchema, req.body);
    const before = await readOidcSettings(deps.pool, who.workspaceId);
    const after = await writeOidcSettings(deps.pool, who.workspaceId, input);
    await deps.audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'settings.oidc_changed', target: who.workspaceId, detail: { before, after }, ip: req.ip ?? null });
    res.json({ data: after });
  });

  return router;
}
