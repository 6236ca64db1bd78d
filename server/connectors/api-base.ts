import { ParleyError } from '../../agent/errors';

/**
 * Whether a connector may talk to this API base instead of the provider's own. A base a person
 * types is an SSRF vector (Parley would send the provider key, and fetch, wherever it points), so
 * only origins listed in PARLEY_CONNECTOR_API_BASES are taken; unset, none is: connectors use the
 * provider's real API. Tests list their local provider server's origin there.
 */
export function checkApiBase(value: string | undefined, allowList: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse(`apiBase: "${value.slice(0, 200)}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('apiBase: expects an http:// or https:// URL.');
  if (url.username || url.password) throw refuse('apiBase: may not carry a user name or password.');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw refuse('apiBase: expects an origin only (scheme, host and port), without a path.');
  const allowed = parseApiBaseAllowList(allowList);
  if (!allowed.includes(url.origin)) {
    throw new ParleyError('connector:api_base_forbidden', {
      status: 400,
      userMessage: `apiBase: ${url.origin} is not allowed. Connectors talk to the provider's own API unless the operator lists other origins in PARLEY_CONNECTOR_API_BASES.`,
    });
  }
  return url.origin;
}

/** PARLEY_CONNECTOR_API_BASES as origins; throws on an entry that is not an http(s) origin. */
export function parseApiBaseAllowList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const u = new URL(s);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${s} is not an http(s) origin`);
      return u.origin;
    });
}

const refuse = (userMessage: string) => new ParleyError('input:invalid', { status: 400, userMessage });
