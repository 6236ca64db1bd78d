import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { ParleyError } from '../../agent/errors';
import { DuckProcess, uploadError } from './duck-process';
import type { TableMeta } from './protocol';
import { sniffKind, type FileKind } from './sniff';

export interface UploadTable {
  name: string;
  columns: { name: string; type: string }[];
  rowCount: number;
  /** Lines of the file that did not parse and were left out. */
  rejectedRows: number;
  /** The first rows, to show people what was read (absent on uploads from before it was kept). */
  preview?: unknown[][];
}

export interface UploadInfo {
  id: string;
  name: string;
  kind: FileKind;
  sizeBytes: number;
  conversationId: string | null;
  tables: UploadTable[];
  createdAt: string;
}

export interface UploadsDeps {
  pool: pg.Pool;
  dataDir: string;
  maxUploadBytes: number;
  /** Timeout of parsing one file (ms). */
  ingestTimeoutMs?: number;
}

/** A file name safe to show and store: no path, no control characters, at most 200 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return name || 'upload';
}

const ID = /^[0-9a-f-]{36}$/;

/**
 * Uploaded files: refused early when they are empty or not what they claim, parsed into DuckDB
 * tables in a short-lived child process, kept (original and one Parquet per table, mode 0600)
 * under the data folder, described in Postgres.
 */
/** Who an upload belongs to: a member of a workspace. */
export interface Owner {
  workspaceId: string;
  userId: string;
}

export function createUploads(deps: UploadsDeps) {
  const { pool } = deps;
  const root = join(deps.dataDir, 'uploads');
  const folder = (workspaceId: string, id: string) => join(root, encodeURIComponent(workspaceId), id);

  function info(r: { id: string; name: string; kind: FileKind; size_bytes: string | number; conversation_id: string | null; tables: (UploadTable & { path?: string })[]; created_at: Date }): UploadInfo {
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      sizeBytes: Number(r.size_bytes),
      conversationId: r.conversation_id,
      tables: r.tables.map(({ name, columns, rowCount, rejectedRows, preview }) => ({ name, columns, rowCount, rejectedRows, ...(preview ? { preview } : {}) })),
      createdAt: r.created_at.toISOString(),
    };
  }

  /** An upload of the member's own (another member's is not found). */
  async function row(owner: Owner, id: string) {
    if (!ID.test(id)) return undefined;
    const { rows } = await pool.query('SELECT * FROM uploads WHERE workspace_id = $1 AND user_id = $2 AND id = $3', [owner.workspaceId, owner.userId, id]);
    return rows[0];
  }

  return {
    folder,

    async add(input: Owner & { conversationId?: string; name: string; bytes: Uint8Array }): Promise<UploadInfo> {
      const name = cleanFileName(input.name);
      if (input.bytes.length === 0) throw new ParleyError('upload:empty', { status: 400, userMessage: `"${name}" is empty.` });
      if (input.bytes.length > deps.maxUploadBytes) throw tooLarge(name, deps.maxUploadBytes);
      const sniffed = sniffKind(name, input.bytes.subarray(0, 64 * 1024));
      if (!sniffed.ok) throw new ParleyError(sniffed.code, { status: 415, userMessage: sniffed.message });
      if (input.conversationId) {
        const c = await pool.query('SELECT 1 FROM conversations WHERE id = $1 AND workspace_id = $2 AND user_id = $3', [input.conversationId, input.workspaceId, input.userId]);
        if (!c.rowCount) throw new ParleyError('conversation:not_found', { status: 404, userMessage: `No conversation with id ${input.conversationId}.` });
      }
      const id = randomUUID();
      const dir = folder(input.workspaceId, id);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      try {
        const source = join(dir, 'original');
        await writeFile(source, input.bytes, { mode: 0o600 });
        const child = new DuckProcess();
        let tables: TableMeta[];
        try {
          tables = await child.request<TableMeta[]>(
            { op: 'ingest', source, kind: sniffed.kind, name, dir, limits: { maxExpandedBytes: deps.maxUploadBytes * 10, maxCells: 50_000_000 } },
            { timeoutMs: deps.ingestTimeoutMs ?? 120_000 },
          );
        } catch (e) {
          throw uploadError(e, name);
        } finally {
          await child.close();
        }
        await Promise.all(tables.map((t) => chmod(t.path, 0o600)));
        // Work files (transcoded text, sheets as CSV) are not kept: the original and the Parquet are.
        await Promise.all(['source.utf8.csv', 'source.csv'].map((f) => rm(join(dir, f), { force: true })));
        await Promise.all((await readdir(dir)).filter((f) => /^sheet\d+\.csv$/.test(f)).map((f) => rm(join(dir, f), { force: true })));
        const { rows } = await pool.query(
          'INSERT INTO uploads (id, workspace_id, user_id, conversation_id, name, kind, size_bytes, tables) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *',
          [id, input.workspaceId, input.userId, input.conversationId ?? null, name, sniffed.kind, input.bytes.length, JSON.stringify(tables.map(({ path: _p, ...t }) => t))],
        );
        return info(rows[0]);
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
    },

    async get(owner: Owner, id: string): Promise<UploadInfo | undefined> {
      const r = await row(owner, id);
      return r && info(r);
    },

    async remove(owner: Owner, id: string): Promise<boolean> {
      if (!ID.test(id)) return false;
      const { rowCount } = await pool.query('DELETE FROM uploads WHERE workspace_id = $1 AND user_id = $2 AND id = $3', [owner.workspaceId, owner.userId, id]);
      if (!rowCount) return false;
      await rm(folder(owner.workspaceId, id), { recursive: true, force: true });
      return true;
    },

    /** Links uploads to a conversation; every id must be an upload of this member's. */
    async attach(owner: Owner, conversationId: string, uploadIds: string[]) {
      for (const id of uploadIds) {
        if (!(await row(owner, id))) throw new ParleyError('upload:not_found', { status: 404, userMessage: `No uploaded file with id ${id} in this workspace; upload it again.` });
        await pool.query('INSERT INTO conversation_files (conversation_id, upload_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [conversationId, id]);
      }
    },

    /** The files of a conversation, oldest first, with where each table's Parquet is. */
    async ofConversation(workspaceId: string, conversationId: string): Promise<(UploadInfo & { paths: Record<string, string> })[]> {
      const { rows } = await pool.query(
        `SELECT u.* FROM conversation_files f JOIN uploads u ON u.id = f.upload_id
          WHERE f.conversation_id = $1 AND u.workspace_id = $2 ORDER BY f.attached_at, u.created_at`,
        [conversationId, workspaceId],
      );
      return rows.map((r) => {
        const i = info(r);
        return { ...i, paths: Object.fromEntries(i.tables.map((t) => [t.name, join(folder(workspaceId, i.id), `${t.name}.parquet`)])) };
      });
    },
  };
}

export function tooLarge(name: string, max: number): ParleyError {
  return new ParleyError('upload:too_large', { status: 413, userMessage: `"${name}" is larger than the ${Math.round(max / 2 ** 20)} MB Parley accepts (PARLEY_MAX_UPLOAD_MB).` });
}

export type Uploads = ReturnType<typeof createUploads>;
