import type pg from 'pg';
import { createPlatformBindings, type BindingRole } from '../../../server/bindings/platform-bindings';

/** Binds Slack teams as an admin would (POST /api/integrations/slack-teams does the same): to the local workspace by default. */
export async function bindSlackTeam(pool: pg.Pool, teamId: string, o: { workspaceId?: string; defaultRole?: BindingRole } = {}) {
  return createPlatformBindings(pool, 'slack').bind({ workspaceId: o.workspaceId ?? 'local', id: teamId, defaultRole: o.defaultRole ?? 'analyst', boundBy: 'local' });
}
