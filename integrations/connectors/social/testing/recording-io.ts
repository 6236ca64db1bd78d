import type { SocialPage, SocialSyncIO } from '../rows';

/**
 * A SocialSyncIO for unit tests of a platform's sync that keeps each commit in order (stream,
 * rows, cursor) — what the connector framework would write in one transaction each. The tests
 * through the real server and store (connector.test.ts) check the rows land in Postgres.
 */
export function recordingIO(cursors: Record<string, unknown> = {}, opts: { crashAfterCommits?: number } = {}): SocialSyncIO & { commits: { stream: string; page: SocialPage; cursor: unknown }[]; cursors: Record<string, unknown> } {
  const commits: { stream: string; page: SocialPage; cursor: unknown }[] = [];
  return {
    commits,
    cursors,
    async cursor<T>(stream: string) {
      return (cursors[stream] as T | undefined) ?? null;
    },
    async commit(stream, page, cursor) {
      // A process that dies here has written nothing of this page (its transaction never committed).
      if (opts.crashAfterCommits !== undefined && commits.length >= opts.crashAfterCommits) throw new Error('crash (test)');
      commits.push({ stream, page, cursor });
      cursors[stream] = cursor;
    },
  };
}
