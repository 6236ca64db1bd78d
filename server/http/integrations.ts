import { Router, type Request } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import { createAuditLog, type AuditSink } from '../audit/audit-log';
import { requireRole } from '../auth/http-auth';
import type { Identity } from '../identity';
import { BINDING_ROLES, createPlatformBindings, type Binding, type Platform, type PlatformBindings } from '../bindings/platform-bindings';
import type { Store } from '../store/store';
import { parseInput } from './parse';

const defaultRole = z.enum(BINDING_ROLES, { message: 'expects "analyst" or "viewer" (the role its people get unless their email matches a member)' });

// Slack: T… for a workspace, E… for an Enterprise Grid organisation.
export const slackTeamId = z
  .string({ message: 'expects a Slack team id like T0123ABCD' })
  .trim()
  .regex(/^[TE][A-Z0-9]{1,30}$/, 'expects a Slack team id like T0123ABCD (Parley says it when someone from that team asks)');

// Entra tenant ids are GUIDs; compared in lower case, as Bot Framework sends them.
export const teamsTenantId = z
  .string({ message: 'expects a Microsoft Entra tenant id, a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47' })
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expects a Microsoft Entra tenant id, a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47')
  .transform((s) => s.toLowerCase());

export const bindSlackTeamBody = z.object({ teamId: slackTeamId, defaultRole }).strict();
export const bindTeamsTenantBody = z.object({ tenantId: teamsTenantId, defaultRole }).strict();

export interface IntegrationsDeps {
  store: Store;
  identify(req: Request): Identity;
  audit?: AuditSink;
}

const SURFACES: { platform: Platform; path: string; idField: 'teamId' | 'tenantId'; idSchema: z.ZodType<string>; body: z.ZodType<Record<string, string>>; thing: string }[] = [
  { platform: 'slack', path: '/integrations/slack-teams', idField: 'teamId', idSchema: slackTeamId, body: bindSlackTeamBody, thing: 'Slack team' },
  { platform: 'teams', path: '/integrations/teams-tenants', idField: 'tenantId', idSchema: teamsTenantId, body: bindTeamsTenantBody, thing: 'Teams tenant' },
];

function adminOf(identify: IntegrationsDeps['identify'], req: Request): Identity {
  const who = identify(req);
  if (who.role !== 'admin') throw new ParleyError('auth:forbidden', { status: 403, userMessage: 'Only a workspace admin can connect or disconnect Slack teams and Teams tenants.' });
  return who;
}

/**
 * Which Slack teams and Teams tenants the admin's workspace answers, and with which default role
 * for their people: `GET/POST /api/integrations/slack-teams` {teamId, defaultRole},
 * `DELETE /api/integrations/slack-teams/:teamId`, and the same under `teams-tenants` {tenantId}.
 */
export function integrationsRouter({ store, identify, audit = createAuditLog(store.db.pool) }: IntegrationsDeps) {
  const router = Router();
  // The guard names the role for the route-enumerating checks; adminOf checks again with the injected identify.
  const admin = requireRole('admin');
  for (const s of SURFACES) {
    const bindings: PlatformBindings = createPlatformBindings(store.db.pool, s.platform);
    const show = (b: Binding) => ({ [s.idField]: b.id, defaultRole: b.defaultRole, boundBy: b.boundBy, createdAt: b.createdAt.toISOString() });

    router.get(s.path, admin, async (req, res) => {
      const who = adminOf(identify, req);
      res.json({ data: (await bindings.list(who.workspaceId)).map(show) });
    });

    router.post(s.path, admin, async (req, res) => {
      const who = adminOf(identify, req);
      const body = parseInput(s.body, req.body);
      const id = body[s.idField];
      const { binding, created } = await bindings.bind({ workspaceId: who.workspaceId, id, defaultRole: body.defaultRole as Binding['defaultRole'], boundBy: who.userId });
      await audit.record({
        workspaceId: who.workspaceId,
        userId: who.userId,
        action: created ? 'integration.connected' : 'integration.role_changed',
        target: `${s.platform}:${id}`,
        detail: { defaultRole: binding.defaultRole },
        ip: req.ip,
      });
      res.status(created ? 201 : 200).json({ data: show(binding) });
    });

    router.delete(`${s.path}/:id`, admin, async (req, res) => {
      const who = adminOf(identify, req);
      const id = parseInput(z.object({ [s.idField]: s.idSchema }), { [s.idField]: req.params.id })[s.idField] as string;
      if (!(await bindings.unbind(who.workspaceId, id))) {
        throw new ParleyError('integration:not_found', { status: 404, userMessage: `${s.thing} ${id} is not connected to this workspace.` });
      }
      await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'integration.disconnected', target: `${s.platform}:${id}`, ip: req.ip });
      res.status(204).end();
    });
  }
  return router;
}
