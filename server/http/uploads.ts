import busboy from 'busboy';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import { tooLarge, type Uploads } from '../files/uploads';
import { requireRole } from '../auth/http-auth';
import type { ApiDeps } from './api';
import { parseInput } from './parse';

export const uploadFields = z.object({ conversationId: z.string().min(1).max(100).optional() });

interface UploadForm {
  file?: { name: string; bytes: Uint8Array };
  fields: Record<string, string>;
}

/**
 * The multipart form, read by busboy with limits: one file of at most `maxBytes` (a larger one
 * is stopped while it arrives, whatever Content-Length said), a few short fields, nothing else.
 */
function readForm(req: Request, maxBytes: number): Promise<UploadForm> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data;/i.test(type)) throw new ParleyError('input:invalid', { status: 400, userMessage: 'Send the file as multipart/form-data with the field "file".' });
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes + 64 * 1024) throw tooLarge('the file', maxBytes);
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024, parts: 12 } });
    } catch {
      return reject(new ParleyError('input:invalid', { status: 400, userMessage: 'The upload is not a valid multipart/form-data body.' }));
    }
    const form: UploadForm = { fields: {} };
    let failed: ParleyError | undefined;
    const fail = (e: ParleyError) => {
      failed ??= e;
      req.unpipe(bb);
      req.resume(); // drain the rest so the 4xx reaches the client
      reject(failed);
    };
    bb.on('file', (field, stream, info) => {
      if (field !== 'file') return void stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(tooLarge('the file', maxBytes)));
      stream.on('end', () => {
        if (!failed) form.file = { name: info.filename ?? 'upload', bytes: new Uint8Array(Buffer.concat(chunks)) };
      });
    });
    bb.on('field', (name, value) => void (form.fields[name] = value));
    bb.on('filesLimit', () => fail(new ParleyError('input:invalid', { status: 400, userMessage: 'Send one file per upload.' })));
    bb.on('partsLimit', () => fail(new ParleyError('input:invalid', { status: 400, userMessage: 'The upload has too many form fields.' })));
    bb.on('error', () => fail(new ParleyError('input:invalid', { status: 400, userMessage: 'The upload is not a valid multipart/form-data body.' })));
    bb.on('close', () => (failed ? reject(failed) : resolve(form)));
    req.on('aborted', () => fail(new ParleyError('input:invalid', { status: 400, userMessage: 'The upload was interrupted.' })));
    req.pipe(bb);
  });
}

/** POST /uploads (multipart: `file`, optional `conversationId`), GET and DELETE /uploads/:id. */
export function uploadsRouter({ identify, uploads, maxUploadBytes }: Pick<ApiDeps, 'identify'> & { uploads: Uploads; maxUploadBytes: number }) {
  const router = Router();

  // Viewers ask and read; files come from analysts and admins (refused before the body is read).
  router.post('/uploads', requireRole('analyst'), async (req, res) => {
    const form = await readForm(req, maxUploadBytes);
    const file = form.file;
    if (!file) throw new ParleyError('input:invalid', { status: 400, userMessage: 'file: expects a file in the form field "file".' });
    const fields = parseInput(uploadFields, { conversationId: form.fields.conversationId });
    const who = identify(req);
    const created = await uploads.add({ workspaceId: who.workspaceId, userId: who.userId, conversationId: fields.conversationId, name: file.name, bytes: file.bytes });
    res.status(201).json({ data: created });
  });

  router.get('/uploads/:id', async (req, res) => {
    const u = await uploads.get(identify(req), req.params.id);
    if (!u) throw new ParleyError('upload:not_found', { status: 404, userMessage: `No uploaded file with id ${req.params.id} in this workspace.` });
    res.json({ data: u });
  });

  router.delete('/uploads/:id', async (req, res) => {
    const removed = await uploads.remove(identify(req), req.params.id);
    if (!removed) throw new ParleyError('upload:not_found', { status: 404, userMessage: `No uploaded file with id ${req.params.id} in this workspace.` });
    res.status(204).end();
  });

  return router;
}
