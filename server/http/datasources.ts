import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import type { DatasourceRegistry } from '../datasources/registry';
import { requireRole } from '../auth/http-auth';
import type { ApiDeps } from './api';
import { parseInput } from './parse';

const pem = z
  .string()
  .max(64_000, 'expects at most 64 000 characters')
  .regex(/-----BEGIN [A-Z0-9 ]+-----/, 'expects PEM text (-----BEGIN …-----), not a file name');

export const addDatasourceBody = z.object({
  name: z.string().trim().min(1, 'expects a name').max(100, 'expects at most 100 characters'),
  kind: z.literal('postgres', { message: 'expects "postgres" (the only kind supported)' }),
  url: z.string().min(1, 'expects a postgres:// connection URL').max(2000),
  /** Certificates as PEM text: the URL may not name files on the Parley server. */
  ssl: z
    .object({
      ca: pem.optional().describe('the CA certificate(s) that signed the server certificate'),
      cert: pem.optional().describe('a client certificate'),
      key: pem.optional().describe('the client certificate\'s private key'),
      rejectUnauthorized: z.boolean().optional().describe('false accepts any server certificate (not recommended)'),
    })
    .strict()
    .optional(),
  /** An admin's explicit choice to connect with a role that can write (refused otherwise). */
  allowWritableRole: z.boolean().optional(),
});

export const addNoteBody = z.object({
  kind: z.enum(['example', 'glossary'], { message: 'expects "example" or "glossary"' }),
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(10_000),
});

/** Datasources of the caller's workspace. Connection strings go in, never come out. */
export function datasourcesRouter({ identify, datasources }: Pick<ApiDeps, 'identify'> & { datasources: DatasourceRegistry }) {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/datasources', async (req, res) => {
    res.json({ data: await datasources.list(identify(req).workspaceId) });
  });

  router.post('/datasources', admin, async (req, res) => {
    const body = parseInput(addDatasourceBody, req.body);
    const created = await datasources.add(identify(req).workspaceId, body);
    res.status(201).json({ data: created });
  });

  router.delete('/datasources/:id', admin, async (req, res) => {
    const removed = await datasources.remove(identify(req).workspaceId, String(req.params.id));
    if (!removed) throw new ParleyError('datasource:not_found', { status: 404, userMessage: `No datasource with id ${req.params.id} in this workspace.` });
    res.status(204).end();
  });

  router.post('/datasources/:id/notes', admin, async (req, res) => {
    const who = identify(req);
    const body = parseInput(addNoteBody, req.body);
    const ds = (await datasources.list(who.workspaceId)).find((d) => d.id === req.params.id);
    if (!ds) throw new ParleyError('datasource:not_found', { status: 404, userMessage: `No datasource with id ${req.params.id} in this workspace.` });
    res.status(201).json({ data: await datasources.addNote(who.workspaceId, ds.id, body) });
  });

  return router;
}
