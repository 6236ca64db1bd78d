import type { WebClient } from '@slack/web-api';
import { ParleyError } from '../../agent/errors';
import { fetchableUrl, readCapped } from '../../server/files/read-capped';
import { tooLarge } from '../../server/files/uploads';

/** A file shared with a question (the event's `files`; only the id is trusted, the rest comes from files.info). */
export interface SlackFileRef {
  id: string;
}

export interface SlackDownloadOptions {
  /** The bot token: Slack serves private files only with `Authorization: Bearer <token>`. */
  token: string;
  maxBytes: number;
  /**
   * Test-only: hosts (host:port) allowed besides files.slack.com, over plain http too. Passed in
   * code by tests that serve files from 127.0.0.1; never read from the environment.
   */
  testHosts?: string[];
  timeoutMs?: number;
}

/** Slack serves private files from here, and only from here. */
export const SLACK_FILE_HOST = 'files.slack.com';

/** Where a file may be fetched from with the bot token: https://files.slack.com, or a test host. */
export function allowedFileUrl(raw: unknown, testHosts: string[] = []): URL | undefined {
  return fetchableUrl(raw, (host) => host === SLACK_FILE_HOST, testHosts);
}

/** Shared with the other channels: one way to read a file someone else serves, capped. */
export { readCapped };

/**
 * Downloads one file shared with a question: files.info for its name, size and private URL, then
 * the bytes from files.slack.com with the bot token (no redirects: the token never goes
 * elsewhere), at most `maxBytes`.
 */
export async function downloadSlackFile(client: WebClient, ref: SlackFileRef, opts: SlackDownloadOptions): Promise<{ name: string; bytes: Uint8Array }> {
  let file: { name?: string; size?: number; url_private_download?: string; url_private?: string; mode?: string } | undefined;
  try {
    file = (await client.files.info({ file: ref.id })).file as typeof file;
  } catch {
    throw new ParleyError('slack:file_unavailable', { status: 422, userMessage: 'Parley could not read the file shared with this question. Check that the Parley app has the files:read scope, then share the file again.' });
  }
  const name = file?.name ?? 'upload';
  if (file?.mode === 'external' || file?.mode === 'snippet' || file?.mode === 'post') {
    throw new ParleyError('upload:unsupported', { status: 415, userMessage: `"${name}" is not a file Parley can read; share a CSV, Excel (.xlsx), JSON or Parquet file.` });
  }
  if ((file?.size ?? 0) > opts.maxBytes) throw tooLarge(name, opts.maxBytes);
  const url = allowedFileUrl(file?.url_private_download ?? file?.url_private, opts.testHosts);
  if (!url) throw new ParleyError('slack:file_unavailable', { status: 422, userMessage: `Parley could not download "${name}" from Slack (it is not served from ${SLACK_FILE_HOST}).` });
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${opts.token}` }, redirect: 'error', signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
  } catch {
    throw new ParleyError('slack:file_unavailable', { status: 502, userMessage: `Parley could not download "${name}" from Slack; try sharing it again.` });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new ParleyError('slack:file_unavailable', { status: 502, userMessage: `Slack refused the download of "${name}" (HTTP ${res.status}); check the files:read scope and share it again.` });
  }
  return { name, bytes: await readCapped(res, opts.maxBytes, name) };
}
