import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../store/db';
import { migrate, MIGRATIONS_DIR } from '../store/migrate';
import { removeDir } from '../testing/databases';
import { createPlatformBindings } from './platform-bindings';

describe('an install from before bindings (migration 083)', () => {
  const dirs: string[] = [];
  let db: Db | undefined;
  afterAll(async () => {
    await db?.close();
    dirs.forEach(removeDir);
  });

  it('keeps its Slack teams and Teams tenants bound to the workspaces they used, answering their people as before', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-upgrade-'));
    const before = mkdtempSync(join(tmpdir(), 'parley-migrations-'));
    dirs.push(dataDir, before);
    for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f < '083')) copyFileSync(join(MIGRATIONS_DIR, f), join(before, f));
    db = await openDb({ dataDir });
    await migrate(db.pool, before);
    // What 040/050 left behind: a Slack team with its own workspace and a member; a Teams user in the local workspace.
    await db.pool.query(`INSERT INTO workspaces (id, name) VALUES ('slack-TOLD', 'Slack team TOLD')`);
    await db.pool.query(`INSERT INTO slack_teams (team_id, workspace_id) VALUES ('TOLD', 'slack-TOLD')`);
    await db.pool.query(`INSERT INTO users (id, workspace_id, display_name, source) VALUES ('su1', 'slack-TOLD', 'Old Slack', 'slack'), ('teams-1', 'local', 'Old Teams', 'teams')`);
    await db.pool.query(`INSERT INTO slack_users (team_id, slack_user_id, user_id) VALUES ('TOLD', 'U1', 'su1')`);
    await db.pool.query(`INSERT INTO teams_users (tenant_id, teams_user_id, user_id) VALUES ('0f1e2d3c-4b5a-4968-8776-655443322110', 'aad-old', 'teams-1')`);

    await migrate(db.pool);

    const slack = createPlatformBindings(db.pool, 'slack');
    const teams = createPlatformBindings(db.pool, 'teams');
    expect(await slack.find('TOLD')).toMatchObject({ workspaceId: 'slack-TOLD', defaultRole: 'analyst', boundBy: null });
    expect(await teams.find('0f1e2d3c-4b5a-4968-8776-655443322110')).toMatchObject({ workspaceId: 'local', defaultRole: 'analyst', boundBy: null });
    const never = async () => {
      throw new Error('a known person needs no profile');
    };
    expect(await slack.person('TOLD', 'U1', never)).toEqual({ kind: 'member', identity: { workspaceId: 'slack-TOLD', userId: 'su1', role: 'analyst' }, created: false });
    expect(await teams.person('0f1e2d3c-4b5a-4968-8776-655443322110', 'aad-old', never)).toEqual({ kind: 'member', identity: { workspaceId: 'local', userId: 'teams-1', role: 'analyst' }, created: false });
  });
});
