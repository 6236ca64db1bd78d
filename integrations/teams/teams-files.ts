import type { Attachment } from 'botbuilder';
import { ParleyError } from '../../agent/errors';
import { fetchableUrl, readCapped } from '../../server/files/read-capped';
import { cleanFileName } from '../../server/files/uploads';

/** How Teams hands a bot a file sent in a 1:1 chat (the user's OneDrive copy, with a pre-authenticated URL). */
export const TEAMS_FILE_DOWNLOAD = 'application/vnd.microsoft.teams.file.download.info';

/** The question asked when a file arrives with no words. */
export const FILE_ONLY_QUESTION = 'What data is in the attached file?';

/** A file sent with a question: the attachment's name and its download URL (neither trusted). */
export interface TeamsFileRef {
  name: string;
  downloadUrl: unknown;
}

/**
 * Splits a message's attachments into files to download and names of what Parley leaves out
 * (inline images, cards, links to files). The message's own HTML body (`text/html`) is not an
 * attachment anyone sent and is neither.
 */
export function sortAttachments(attachments: Attachment[] | undefined): { files: TeamsFileRef[]; ignored: string[] } {
  const files: TeamsFileRef[] = [];
  const ignored: string[] = [];
  for (const a of attachments ?? []) {
    if (a.contentType === TEAMS_FILE_DOWNLOAD) {
      const content = (a.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
      const type = typeof content.fileType === 'string' ? content.fileType : '';
      files.push({ name: cleanFileName(a.name ?? (type ? `upload.${type}` : 'upload')), downloadUrl: content.downloadUrl });
    } else if (a.contentType === 'text/html' || a.contentType === 'text/plain') {
      continue;
    } else {
      ignored.push(a.contentType?.startsWith('image/') ? 'an image' : a.name ? `"${cleanFileName(a.name)}"` : 'an attachment');
    }
  }
  return { files, ignored };
}

/** What Parley says about attachments it does not read; the question is still answered. */
export function ignoredNote(ignored: string[]): string {
  const what = [...new Set(ignored)].join(', ');
  return `I left out ${what}: I can read files sent as attachments in a 1:1 chat with me (CSV, Excel .xlsx, JSON or Parquet), not images or cards.`;
}

/**
 * Where Teams keeps the files people send a bot: SharePoint and OneDrive for Business (the
 * commercial cloud and the US government clouds). Anything else in a `downloadUrl` — an IP,
 * localhost, an internal name, another scheme — is an activity Parley will not act on.
 */
const FILE_HOST_SUFFIXES = ['.sharepoint.com', '.sharepoint.us', '.sharepoint-mil.us'];

export interface TeamsDownloadOptions {
  maxBytes: number;
  /**
   * Test-only: hosts (host:port) allowed besides SharePoint, over plain http too. Passed in code by
   * tests that serve files from 127.0.0.1; never read from the environment.
   */
  testHosts?: string[];
  timeoutMs?: number;
  /** Redirects followed, each to an allowed host (default 3). */
  maxRedirects?: number;
}

/** The URL when it is one Parley may fetch a file from: https on a SharePoint host (no port, no credentials), or a test host. */
export function allowedDownloadUrl(raw: unknown, testHosts: string[] = []): URL | undefined {
  return fetchableUrl(raw, (host) => FILE_HOST_SUFFIXES.some((s) => host.endsWith(s) && host.length > s.length), testHosts);
}

function unavailable(name: string, why: string, status = 502): ParleyError {
  return new ParleyError('teams:file_unavailable', { status, userMessage: `I could not download "${name}" from Teams: ${why}. Please send it again.` });
}

/**
 * Downloads a file sent in Teams. The URL is pre-authenticated, so no token is sent with it; every
 * hop (redirects are followed by hand) must be an allowed host, the body stops at `maxBytes`, and
 * the whole download at `timeoutMs`.
 */
export async function downloadTeamsFile(ref: TeamsFileRef, opts: TeamsDownloadOptions): Promise<{ name: string; bytes: Uint8Array }> {
  const { name } = ref;
  let url = allowedDownloadUrl(ref.downloadUrl, opts.testHosts);
  if (!url) throw unavailable(name, 'it is not stored in SharePoint or OneDrive', 422);
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 60_000);
  for (let hops = 0; ; hops++) {
    let res: Response;
    try {
      res = await fetch(url, { redirect: 'manual', signal });
    } catch {
      throw unavailable(name, signal.aborted ? 'it took too long' : 'the file could not be reached');
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      const next = allowedDownloadUrl(res.headers.get('location') ? new URL(res.headers.get('location')!, url).href : undefined, opts.testHosts);
      if (!next) throw unavailable(name, 'the download was sent somewhere other than SharePoint or OneDrive', 422);
      if (hops >= (opts.maxRedirects ?? 3)) throw unavailable(name, 'the download was redirected too many times');
      url = next;
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw unavailable(name, `Teams answered HTTP ${res.status}`);
    }
    try {
      return { name, bytes: await readCapped(res, opts.maxBytes, name) };
    } catch (e) {
      if (e instanceof ParleyError) throw e;
      throw unavailable(name, signal.aborted ? 'it took too long' : 'the download broke off');
    }
  }
}
