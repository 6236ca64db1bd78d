import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export interface SlackIdentity {
  workspaceId: string;
  userId: string;
}

/** The Parley workspace a Slack team gets on first contact. */
export function workspaceIdForTeam(teamId: string): string {
  return `slack-${teamId}`;
}

/**
 * Slack ↔ Parley mappings (migration 040_slack.sql): team → workspace, member → user,
 * thread → conversation. Every write is idempotent so two events racing for the same
 * team, member or thread end with one row.
 */
export function createSlackStore(pool: pg.Pool) {
  async function workspaceFor(teamId: string): Promise<string> {
    const found = await pool.query<{ workspace_id: string }>('SELECT workspace_id FROM slack_teams WHERE team_id = $1', [teamId]);
    if (found.rows[0]) return found.rows[0].workspace_id;
    const workspaceId = workspaceIdForTeam(teamId);
    await pool.query('INSERT INTO workspaces (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [workspaceId, `Slack team ${teamId}`]);
    await pool.query('INSERT INTO slack_teams (team_id, workspace_id) VALUES ($1, $2) ON CONFLICT (team_id) DO NOTHING', [teamId, workspaceId]);
    const { rows } = await pool.query<{ workspace_id: string }>('SELECT workspace_id FROM slack_teams WHERE team_id = $1', [teamId]);
    return rows[0].workspace_id;
  }

  return {
    workspaceFor,

    /** The Parley user for a Slack member, created (with its team's workspace) on first contact. */
    async identify(
      teamId: string,
      slackUserId: string,
      profile: () => Promise<{ displayName: string; email?: string }>,
    ): Promise<SlackIdentity & { created: boolean }> {
      const known = await pool.query<{ user_id: string; workspace_id: string }>(
        `SELECT u.user_id, t.workspace_id FROM slack_users u JOIN slack_teams t USING (team_id)
          WHERE u.team_id = $1 AND u.slack_user_id = $2`,
        [teamId, slackUserId],
      );
      if (known.rows[0]) return { workspaceId: known.rows[0].workspace_id, userId: known.rows[0].user_id, created: false };
      const workspaceId = await workspaceFor(teamId);
      const p = await profile();
      const userId = randomUUID();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO users (id, workspace_id, display_name, email) VALUES ($1, $2, $3, $4)', [userId, workspaceId, p.displayName, p.email ?? null]);
        const inserted = await client.query(
          'INSERT INTO slack_users (team_id, slack_user_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [teamId, slackUserId, userId],
        );
        if (inserted.rowCount) {
          await client.query('COMMIT');
          return { workspaceId, userId, created: true };
        }
        // Another event created this member first: keep theirs.
        await client.query('ROLLBACK');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
      const { rows } = await pool.query<{ user_id: string }>('SELECT user_id FROM slack_users WHERE team_id = $1 AND slack_user_id = $2', [teamId, slackUserId]);
      return { workspaceId, userId: rows[0].user_id, created: false };
    },

    /** The conversation a thread continues, if Parley has answered in it before. */
    async conversationFor(teamId: string, channelId: string, threadTs: string): Promise<string | undefined> {
      const { rows } = await pool.query<{ conversation_id: string }>(
        'SELECT conversation_id FROM slack_threads WHERE team_id = $1 AND channel_id = $2 AND thread_ts = $3',
        [teamId, channelId, threadTs],
      );
      return rows[0]?.conversation_id;
    },

    async linkThread(teamId: string, channelId: string, threadTs: string, conversationId: string): Promise<void> {
      await pool.query(
        `INSERT INTO slack_threads (team_id, channel_id, thread_ts, conversation_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (team_id, channel_id, thread_ts) DO UPDATE SET conversation_id = EXCLUDED.conversation_id`,
        [teamId, channelId, threadTs, conversationId],
      );
    },
  };
}

export type SlackStore = ReturnType<typeof createSlackStore>;
