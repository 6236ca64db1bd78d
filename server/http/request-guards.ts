import type { RequestHandler } from 'express';
import { ParleyError } from '../../agent/errors';

/** Body-parser and router failures (they carry a `type` or are URIErrors) as coded 4xx, never `500 internal`. */
export function requestError(err: unknown): ParleyError | undefined {
  const e = err as { type?: string; status?: number; limit?: number; charset?: string };
  switch (e?.type) {
    case 'entity.parse.failed':
      return new ParleyError('input:invalid', { status: 400, userMessage: 'The request body is not valid JSON.' });
    case 'entity.too.large':
      return new ParleyError('input:too_large', { status: 413, userMessage: 'The request body is larger than 1 MB.' });
    case 'charset.unsupported':
      return new ParleyError('input:unsupported_charset', { status: 415, userMessage: `The charset ${String(e.charset ?? '').slice(0, 40)} is not supported; send UTF-8.` });
    case 'encoding.unsupported':
      return new ParleyError('input:unsupported_encoding', { status: 415, userMessage: 'That content-encoding is not supported; send the body uncompressed, gzip or deflate.' });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new ParleyError('input:invalid', { status: 400, userMessage: 'The request body could not be read.' });
  }
  if (err instanceof URIError) return new ParleyError('input:bad_path', { status: 400, userMessage: 'The address has a malformed %-escape.' });
  return undefined;
}

// Postgres text can never hold a NUL, and no id or name Parley makes holds a control character.
const NUL = /\u0000/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Where a JSON value holds a NUL (a Postgres text value cannot), e.g. `body.title`; undefined when nowhere. */
export function findNul(value: unknown, path = 'body', depth = 0): string | undefined {
  if (typeof value === 'string') return NUL.test(value) ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (NUL.test(k)) return path;
    const found = findNul(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/**
 * Refuses, with a coded 4xx before any route runs: a path with a bad %-escape or a control
 * character (e.g. `%00` in an id), a query or JSON body holding a NUL, and a body that is not JSON
 * (but the multipart file of POST /uploads).
 */
export const guardRequest: RequestHandler = (req, _res, next) => {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(new ParleyError('input:bad_path', { status: 400, userMessage: 'The address has a malformed %-escape.' }));
  }
  if (CONTROL.test(path)) return next(new ParleyError('input:bad_path', { status: 400, userMessage: 'The address holds a control character; ids never do.' }));
  const inQuery = findNul(req.query, 'query');
  if (inQuery) return next(new ParleyError('input:invalid', { status: 400, userMessage: `${inQuery}: must not contain a NUL character.` }));
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  // Uploads are the one route that takes a multipart body; every other body is JSON.
  const multipartUpload = req.method === 'POST' && req.path === '/uploads' && req.is('multipart/form-data');
  if (hasBody && !SAFE_METHODS.has(req.method) && !req.is('application/json') && !multipartUpload) {
    return next(new ParleyError('input:unsupported_media_type', { status: 415, userMessage: 'Send the request body as JSON (content-type: application/json).' }));
  }
  const inBody = findNul(req.body);
  if (inBody) return next(new ParleyError('input:invalid', { status: 400, userMessage: `${inBody}: must not contain a NUL character.` }));
  next();
};
