import { useCallback, useEffect, useRef, useState } from 'react';
import { Icon } from '../components/icons';
import { useT } from '../i18n/i18n';
import { ApiError } from '../lib/api';
import { deleteUpload, uploadFile, type UploadedFile } from './upload-client';

/** One file in the composer: uploading (with progress), uploaded (ready to send) or refused. */
export interface Attachment {
  key: string;
  name: string;
  status: 'uploading' | 'ready' | 'failed';
  /** Share of the bytes sent, 0–1. */
  progress: number;
  upload?: UploadedFile;
  /** The server's words for a refusal. */
  error?: string;
}

let counter = 0;

/**
 * The files attached to the next message. Each file is uploaded as soon as it is added, so the
 * server's verdict (and the preview) is there before the question is sent.
 */
export function useAttachments() {
  const t = useT();
  const [items, setItems] = useState<Attachment[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const patch = (key: string, p: Partial<Attachment>) => setItems((list) => list.map((a) => (a.key === key ? { ...a, ...p } : a)));

  const add = useCallback((files: File[]) => {
    for (const file of files) {
      const key = `file:${++counter}`;
      const ctl = new AbortController();
      controllers.current.set(key, ctl);
      setItems((list) => [...list, { key, name: file.name, status: 'uploading', progress: 0 }]);
      uploadFile(file, { signal: ctl.signal, onProgress: (progress) => patch(key, { progress }) })
        .then((upload) => patch(key, { status: 'ready', progress: 1, upload }))
        .catch((e: unknown) => {
          if ((e as Error).name === 'AbortError') return;
          patch(key, { status: 'failed', error: e instanceof ApiError && e.message ? e.message : t('attach.network') });
        })
        .finally(() => controllers.current.delete(key));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** Takes a file back: an upload under way is stopped, a finished one deleted on the server. */
  const remove = useCallback((key: string) => {
    setItems((list) => {
      const a = list.find((x) => x.key === key);
      controllers.current.get(key)?.abort();
      if (a?.status === 'ready' && a.upload) void deleteUpload(a.upload.id).catch(() => undefined);
      return list.filter((x) => x.key !== key);
    });
  }, []);

  /** After sending: the files now belong to the conversation; the chips go. */
  const clear = useCallback(() => setItems([]), []);

  useEffect(() => () => controllers.current.forEach((c) => c.abort()), []);

  return {
    items,
    add,
    remove,
    clear,
    busy: items.some((a) => a.status === 'uploading'),
    ready: items.filter((a) => a.status === 'ready' && a.upload).map((a) => ({ uploadId: a.upload!.id })),
  };
}

export type AttachmentsState = ReturnType<typeof useAttachments>;

/** A chip per file; a ready chip opens its preview. */
export function AttachmentChips({ items, onRemove }: { items: Attachment[]; onRemove(key: string): void }) {
  const t = useT();
  const [previewing, setPreviewing] = useState<string | null>(null);
  const shown = items.find((a) => a.key === previewing && a.upload);
  if (!items.length) return null;
  return (
    <div className="attachments">
      <ul className="chips" aria-label={t('attach.list')}>
        {items.map((a) => (
          <li key={a.key} className={`chip is-${a.status}`} role={a.status === 'failed' ? 'alert' : undefined}>
            {a.status === 'ready' ? (
              <button type="button" className="chip-main" aria-expanded={previewing === a.key} onClick={() => setPreviewing((k) => (k === a.key ? null : a.key))} aria-label={t('attach.preview', { name: a.name })}>
                <span className="chip-name">{a.name}</span>
                <span className="chip-meta muted">{t('attach.rows', { count: a.upload!.tables.reduce((n, x) => n + x.rowCount, 0) })}</span>
              </button>
            ) : (
              <span className="chip-main">
                <span className="chip-name">{a.name}</span>
                {a.status === 'uploading' ? (
                  <progress className="chip-progress" max={1} value={a.progress} aria-label={t('attach.uploading', { name: a.name })} />
                ) : (
                  <span className="chip-error">{t('attach.failed', { message: a.error ?? '' })}</span>
                )}
              </span>
            )}
            <button type="button" className="icon chip-remove" aria-label={t('attach.remove', { name: a.name })} onClick={() => (previewing === a.key && setPreviewing(null), onRemove(a.key))}>
              <Icon name="close" size={12} />
            </button>
          </li>
        ))}
      </ul>
      {shown && <Preview file={shown.upload!} onClose={() => setPreviewing(null)} />}
    </div>
  );
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Each table of a file: its columns with their types, and its first rows. */
function Preview({ file, onClose }: { file: UploadedFile; onClose(): void }) {
  const t = useT();
  return (
    <section className="attach-preview" role="region" aria-label={t('attach.previewTitle', { name: file.name })}>
      <header>
        <strong>{file.name}</strong>
        <button type="button" className="icon" aria-label={t('attach.closePreview')} onClick={onClose}>
          <Icon name="close" size={14} />
        </button>
      </header>
      {file.tables.map((table) => (
        <div key={table.name} className="attach-table">
          <p className="muted">
            {t('attach.tableRows', { name: table.name, count: table.rowCount })}
            {table.rejectedRows > 0 && ` · ${t('attach.rejected', { count: table.rejectedRows })}`}
          </p>
          <div className="attach-table-scroll">
            <table>
              <thead>
                <tr>
                  {table.columns.map((c) => (
                    <th key={c.name} scope="col">
                      {c.name} <span className="column-type muted">{c.type}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {(table.preview ?? []).map((row, i) => (
                  <tr key={i}>
                    {table.columns.map((c, j) => (
                      <td key={c.name}>{cell(row[j])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
