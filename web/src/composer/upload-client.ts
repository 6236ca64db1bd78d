import type { ErrorBody } from '../../../agent/events';
import { api, ApiError } from '../lib/api';

/** A table read from an uploaded file, as the server describes it (POST/GET /api/uploads). */
export interface UploadedTable {
  name: string;
  columns: { name: string; type: string }[];
  rowCount: number;
  rejectedRows: number;
  preview?: unknown[][];
}

export interface UploadedFile {
  id: string;
  name: string;
  kind: string;
  sizeBytes: number;
  tables: UploadedTable[];
}

/**
 * Sends one file to POST /api/uploads (multipart, field `file`). XMLHttpRequest rather than
 * fetch: it is the browser API that reports upload progress. Refusals become an ApiError with the
 * server's code and words.
 */
export function uploadFile(file: File, opts: { onProgress?(share: number): void; signal?: AbortSignal } = {}): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => e.lengthComputable && e.total > 0 && opts.onProgress?.(Math.min(1, e.loaded / e.total));
    xhr.onerror = () => reject(new ApiError('network', '', 0));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.onload = () => {
      let body: { data?: UploadedFile; error?: ErrorBody } | undefined;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body?.data) return resolve(body.data);
      reject(new ApiError(body?.error?.code ?? `http:${xhr.status}`, body?.error?.message ?? `HTTP ${xhr.status}`, xhr.status));
    };
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Removes an upload that will not be sent after all. */
export function deleteUpload(id: string): Promise<void> {
  return api<void>(`/uploads/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
