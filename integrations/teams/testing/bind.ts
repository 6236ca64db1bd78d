import type pg from 'pg';
import { createPlatformBindings, type BindingRole } from '../../../server/bindings/platform-bindings';
import { TENANT } from './fixtures';

/** Binds a Teams tenant as an admin would (POST /api/integrations/teams-tenants does the same): the test tenant to the local workspace by default. */
export async function bindTeamsTenant(pool: pg.Pool, o: { tenantId?: string; workspaceId?: string; defaultRole?: BindingRole } = {}) {
  return createPlatformBindings(pool, 'teams').bind({ workspaceId: o.workspaceId ?? 'local', id: o.tenantId ?? TENANT, defaultRole: o.defaultRole ?? 'analyst', boundBy: 'local' });
}
