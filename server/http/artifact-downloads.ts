import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import type { ForecastArtifactData, TableArtifactData } from '../../tools/artifacts';
import { forecastTable } from '../charts/forecast-table';
import type { ApiDeps } from './api';
import { parseInput } from './parse';
import { verifyLink } from './signed-links';
import { tableToCsv } from './table-csv';

const query = z.object({
  expires: z.coerce.number({ message: 'expects the link\'s expiry time' }).int().positive(),
  sig: z.string().min(1, 'expects the link\'s signature').max(200),
});

/**
 * Downloads reached through signed, expiring links (as posted in Slack and Teams messages, whose
 * readers are not signed in to Parley): the link itself is the credential, for one artifact.
 */
export function artifactDownloadsRouter({ store, secretKey, audit }: Pick<ApiDeps, 'store' | 'secretKey' | 'audit'>) {
  const router = Router();

  router.get('/downloads/artifacts/:id.csv', async (req, res) => {
    const q = parseInput(query, req.query);
    const artifactId = req.params.id;
    const check = verifyLink(secretKey, { purpose: 'csv', artifactId, expires: q.expires }, q.sig);
    if (!check.ok && check.reason === 'expired') {
      throw new ParleyError('download:expired', { status: 410, userMessage: 'This download link has expired. Ask Parley again for a fresh link.' });
    }
    if (!check.ok) throw new ParleyError('download:bad_signature', { status: 403, userMessage: 'This download link is not valid. Use the link exactly as Parley sent it.' });
    const a = await store.runs.artifact(artifactId);
    if (!a || (a.kind !== 'table' && a.kind !== 'forecast')) throw new ParleyError('artifact:not_found', { status: 404, userMessage: `No table with id ${artifactId}.` });
    // A forecast downloads as its history and its steps with their interval.
    const table = a.kind === 'forecast' ? forecastTable(a.data as ForecastArtifactData, { history: true }) : (a.data as TableArtifactData);
    const name = (a.title ?? 'table').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'table';
    // Whoever holds the link is not a known member: the export is the artifact's workspace's, by link.
    await audit.record({ workspaceId: a.workspaceId, action: 'export.csv', target: a.id, detail: { via: 'signed_link', kind: a.kind, rows: table.rows.length }, ip: req.ip });
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
    res.setHeader('cache-control', 'private, no-store');
    res.send(tableToCsv(table));
  });

  return router;
}
