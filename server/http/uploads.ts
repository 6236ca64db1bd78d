import { Readable, Transform } from 'node:stream';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import { tooLarge, type Uploads } from '../files/uploads';
import type { ApiDeps } from './api';
import { parseInput } from './parse';

export const uploadFields = z.object({ conversationId: z.string().min(1).max(100).optional() });

/** Room for the multipart boundaries and headers around the file. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * The request body as a web stream that fails past `max` bytes, so a body larger than it said
 * (or one that said nothing) is stopped while it arrives, not after.
 */
function limitedBody(req: Request, max: number): ReadableStream<Uint8Array> {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      cb(seen > max ? new ParleyError('upload:too_large', { status: 413 }) : null, chunk);
    },
  });
  req.pipe(counter);
  return Readable.toWeb(counter) as ReadableStream<Uint8Array>;
}

/**
 * The multipart form, parsed by Node's own fetch implementation (undici's FormData parser): Parley
 * has no multipart library. It holds the whole body in memory, bounded by the size limit.
 */
async function readForm(req: Request, maxBytes: number): Promise<FormData> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data;/i.test(type)) throw new ParleyError('input:invalid', { status: 400, userMessage: 'Send the file as multipart/form-data with the field "file".' });
  const limit = maxBytes + ENVELOPE_BYTES;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw tooLarge('the file', maxBytes);
  const web = new globalThis.Request('http://parley.local/upload', { method: 'POST', headers: { 'content-type': type }, body: limitedBody(req, limit), duplex: 'half' } as RequestInit);
  try {
    return await web.formData();
  } catch (e) {
    if (e instanceof ParleyError || (e as { cause?: unknown }).cause instanceof ParleyError) throw tooLarge('the file', maxBytes);
    throw new ParleyError('input:invalid', { status: 400, userMessage: 'The upload is not a valid multipart/form-data body.' });
  }
}

/** POST /uploads (multipart: `file`, optional `conversationId`), GET and DELETE /uploads/:id. */
export function uploadsRouter({ identify, uploads, maxUploadBytes }: Pick<ApiDeps, 'identify'> & { uploads: Uploads; maxUploadBytes: number }) {
  const router = Router();

  router.post('/uploads', async (req, res) => {
    const form = await readForm(req, maxUploadBytes);
    const file = form.get('file');
    if (!file || typeof file === 'string') throw new ParleyError('input:invalid', { status: 400, userMessage: 'file: expects a file in the form field "file".' });
    const fields = parseInput(uploadFields, { conversationId: form.get('conversationId') ?? undefined });
    const who = identify(req);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const created = await uploads.add({ workspaceId: who.workspaceId, conversationId: fields.conversationId, name: file.name, bytes });
    res.status(201).json({ data: created });
  });

  router.get('/uploads/:id', async (req, res) => {
    const u = await uploads.get(identify(req).workspaceId, req.params.id);
    if (!u) throw new ParleyError('upload:not_found', { status: 404, userMessage: `No uploaded file with id ${req.params.id} in this workspace.` });
    res.json({ data: u });
  });

  router.delete('/uploads/:id', async (req, res) => {
    const removed = await uploads.remove(identify(req).workspaceId, req.params.id);
    if (!removed) throw new ParleyError('upload:not_found', { status: 404, userMessage: `No uploaded file with id ${req.params.id} in this workspace.` });
    res.status(204).end();
  });

  return router;
}
