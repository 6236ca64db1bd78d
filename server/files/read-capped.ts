import { tooLarge } from './uploads';

/**
 * Reads a downloaded file's body, refusing it as soon as it passes `max` bytes (a declared
 * Content-Length over the cap is refused before any byte is read): a channel adapter never holds
 * more than the upload limit of a file someone else serves.
 */
export async function readCapped(res: Response, max: number, name: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(name, max);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(name, max);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * `raw` as a URL a channel adapter may fetch a file from: https without a port or credentials on
 * a host `allowedHost` accepts, or one of `testHosts` (passed in code by tests, never from
 * settings). Anything else — another scheme, an address inside the network, user:pass@ — is undefined.
 */
export function fetchableUrl(raw: unknown, allowedHost: (host: string) => boolean, testHosts: string[] = []): URL | undefined {
  if (typeof raw !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  if (url.protocol === 'https:' && !url.port && allowedHost(url.hostname.toLowerCase())) return url;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && testHosts.includes(url.host)) return url;
  return undefined;
}
