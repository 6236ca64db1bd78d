/**
 * The app's URLs: `/` for a new chat, `/c/<id>` for a conversation, `/members` for the members page, `/connections` for the data connectors,
 * `/campaigns` and `/campaigns/<id>` for the campaign drafts and their editor, `/brand` for the brand kit.
 */
export function conversationIdFromPath(path: string): string | null {
  const m = /^\/c\/([^/]+)\/?$/.exec(path);
  return m ? decodeURIComponent(m[1]) : null;
}

export function pathForConversation(id: string | null): string {
  return id ? `/c/${encodeURIComponent(id)}` : '/';
}

export type Page = 'chat' | 'members' | 'connections' | 'campaigns' | 'campaign' | 'brand';

export function pageFromPath(path: string): Page {
  if (/^\/members\/?$/.test(path)) return 'members';
  if (/^\/connections\/?$/.test(path)) return 'connections';
  if (/^\/campaigns\/?$/.test(path)) return 'campaigns';
  if (campaignIdFromPath(path) !== null) return 'campaign';
  if (/^\/brand\/?$/.test(path)) return 'brand';
  return 'chat';
}

export const MEMBERS_PATH = '/members';
export const CONNECTIONS_PATH = '/connections';
export const CAMPAIGNS_PATH = '/campaigns';
export const BRAND_PATH = '/brand';

export function campaignIdFromPath(path: string): string | null {
  const m = /^\/campaigns\/([^/]+)\/?$/.exec(path);
  return m ? safeDecode(m[1]) : null;
}

export function pathForCampaign(id: string): string {
  return `${CAMPAIGNS_PATH}/${encodeURIComponent(id)}`;
}

const PAGE_PATHS = { members: MEMBERS_PATH, connections: CONNECTIONS_PATH, campaigns: CAMPAIGNS_PATH, brand: BRAND_PATH } as const;

/** The address of a page that is not a conversation. */
export function pathForPage(page: Exclude<Page, 'chat' | 'campaign'>): string {
  return PAGE_PATHS[page];
}

/**
 * Goes to an address of this app from anywhere (a link inside an artifact): a history entry, and
 * the same `popstate` the back button fires, which `useRoute` listens to.
 */
export function openPath(path: string): void {
  if (window.location.pathname !== path) window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** An invitation link: `/?invite=<token>` or `/invite/<token>`. */
export function inviteFromUrl(url: URL): string | null {
  const m = /^\/invite\/([^/]+)\/?$/.exec(url.pathname);
  const token = m ? safeDecode(m[1]) : url.searchParams.get('invite');
  return token && token.length <= 4096 ? token : null;
}

export function inviteLink(origin: string, token: string): string {
  return `${origin}/?invite=${encodeURIComponent(token)}`;
}

/** The code an OIDC sign-in failed with (`?auth_error=not_invited`); `unknown` for one that is not a code. */
export function authErrorFromUrl(url: URL): string | null {
  const code = url.searchParams.get('auth_error');
  if (code === null) return null;
  return /^[\w:.-]{1,64}$/.test(code) ? code : 'unknown';
}

/** The same address without the sign-in parameters, so a reload does not show them again. */
export function withoutAuthParams(url: URL): string {
  const next = new URL(url.href);
  next.searchParams.delete('invite');
  next.searchParams.delete('auth_error');
  if (/^\/invite\//.test(next.pathname)) next.pathname = '/';
  return `${next.pathname}${next.search}${next.hash}`;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
