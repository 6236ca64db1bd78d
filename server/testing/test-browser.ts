/**
 * A browser's cookie handling over fetch, for flows that hop between sites (sign-in through an
 * OpenID provider): cookies are kept per host name (not port, as browsers do) and path, and
 * redirects are followed by hand so each hop can be looked at.
 */
export interface TestBrowser {
  /** One request, redirects not followed; cookies sent and stored. */
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
  /** The value of a stored cookie, as a page on `url` would send it. */
  cookie(url: string | URL, name: string): string | undefined;
  setCookie(url: string | URL, name: string, value: string, path?: string): void;
  deleteCookie(url: string | URL, name: string): void;
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  attributes: Record<string, string | true>;
}

export function createTestBrowser(): TestBrowser {
  const jar = new Map<string, StoredCookie[]>();
  const forHost = (url: URL) => jar.get(url.hostname) ?? [];
  const matching = (url: URL) => forHost(url).filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`));

  function store(url: URL, header: string) {
    const [pair, ...attrs] = header.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const attributes: Record<string, string | true> = {};
    for (const a of attrs) {
      const i = a.indexOf('=');
      if (i < 0) attributes[a.trim().toLowerCase()] = true;
      else attributes[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
    }
    const path = typeof attributes.path === 'string' ? attributes.path : url.pathname.replace(/\/[^/]*$/, '') || '/';
    const rest = forHost(url).filter((c) => !(c.name === name && c.path === path));
    const expired = attributes['max-age'] !== undefined ? Number(attributes['max-age']) <= 0 : typeof attributes.expires === 'string' && new Date(attributes.expires).getTime() <= Date.now();
    jar.set(url.hostname, expired ? rest : [...rest, { name, value, path, attributes }]);
  }

  return {
    async fetch(input, init = {}) {
      const url = new URL(input);
      const headers = new Headers(init.headers);
      const cookies = matching(url);
      if (cookies.length) headers.set('cookie', cookies.map((c) => `${c.name}=${c.value}`).join('; '));
      const res = await fetch(url, { ...init, headers, redirect: 'manual' });
      for (const h of res.headers.getSetCookie()) store(url, h);
      return res;
    },
    cookie(input, name) {
      return matching(new URL(input)).find((c) => c.name === name)?.value;
    },
    setCookie(input, name, value, path = '/') {
      const url = new URL(input);
      jar.set(url.hostname, [...forHost(url).filter((c) => !(c.name === name && c.path === path)), { name, value, path, attributes: {} }]);
    },
    deleteCookie(input, name) {
      const url = new URL(input);
      jar.set(url.hostname, forHost(url).filter((c) => c.name !== name));
    },
  };
}

/** The attributes of a Set-Cookie header of `res` for `name` (lower-cased keys), or undefined. */
export function setCookieAttributes(res: Response, name: string): { value: string; attributes: Record<string, string | true> } | undefined {
  const header = res.headers.getSetCookie().find((h) => h.startsWith(`${name}=`));
  if (!header) return undefined;
  const [pair, ...attrs] = header.split(';');
  const attributes: Record<string, string | true> = {};
  for (const a of attrs) {
    const i = a.indexOf('=');
    if (i < 0) attributes[a.trim().toLowerCase()] = true;
    else attributes[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
  }
  return { value: pair.slice(name.length + 1), attributes };
}

/**
 * Goes through the provider's sign-in as a person would, from its authorization URL: signs in as
 * `as` and grants consent (or refuses it), following redirects until the provider sends the
 * browser back to `redirectUri`. Answers that URL (not fetched).
 */
export async function signInAtProvider(browser: TestBrowser, authorizationUrl: string | URL, opts: { as: string; redirectUri: string; consent?: 'grant' | 'refuse' }): Promise<URL> {
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 20; hop++) {
    if (url.href.startsWith(opts.redirectUri)) return url;
    let res = await browser.fetch(url);
    if (url.pathname.startsWith('/interaction/') && res.status === 200) {
      const { prompt } = (await res.json()) as { prompt: string };
      const action = prompt === 'login' ? 'login' : opts.consent === 'refuse' ? 'abort' : 'consent';
      const body = action === 'login' ? new URLSearchParams({ login: opts.as }) : new URLSearchParams();
      res = await browser.fetch(new URL(`${url.pathname}/${action}`, url), { method: 'POST', body });
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 500)}`);
    url = new URL(location, url);
  }
  throw new Error('too many redirects at the provider');
}
