import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export type TeamsConversationType = 'personal' | 'groupChat' | 'channel';

/**
 * Persists who is asking from Teams and where: a Teams user (per tenant) ↔ a Parley user, and a
 * Teams conversation (a 1:1, a group chat, or one channel reply chain) ↔ a Parley conversation.
 */
export function createTeamsStore(pool: pg.Pool) {
  return {
    /** The Parley user for this Teams user, created (with its mapping) on first contact. */
    async resolveUser(u: { tenantId: string; teamsUserId: string; displayName: string; workspaceId: string }): Promise<string> {
      const found = await pool.query<{ user_id: string }>('SELECT user_id FROM teams_users WHERE tenant_id = $1 AND teams_user_id = $2', [u.tenantId, u.teamsUserId]);
      if (found.rows[0]) return found.rows[0].user_id;
      const client = await pool.connect();
      let created: string | undefined;
      try {
        await client.query('BEGIN');
        const id = `teams-${randomUUID()}`;
        await client.query('INSERT INTO users (id, workspace_id, display_name) VALUES ($1, $2, $3)', [id, u.workspaceId, u.displayName || 'Teams user']);
        const linked = await client.query<{ user_id: string }>(
          'INSERT INTO teams_users (tenant_id, teams_user_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id',
          [u.tenantId, u.teamsUserId, id],
        );
        // Another message from the same person won the race: keep theirs, drop ours.
        await client.query(linked.rowCount ? 'COMMIT' : 'ROLLBACK');
        created = linked.rows[0]?.user_id;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
      if (created) return created;
      const again = await pool.query<{ user_id: string }>('SELECT user_id FROM teams_users WHERE tenant_id = $1 AND teams_user_id = $2', [u.tenantId, u.teamsUserId]);
      return again.rows[0].user_id;
    },

    async findConversation(tenantId: string, teamsConversationId: string): Promise<string | undefined> {
      const { rows } = await pool.query<{ conversation_id: string }>(
        'SELECT conversation_id FROM teams_conversations WHERE tenant_id = $1 AND teams_conversation_id = $2',
        [tenantId, teamsConversationId],
      );
      return rows[0]?.conversation_id;
    },

    /** Links a Teams conversation to a Parley one; when two raced, the first link wins and is returned. */
    async linkConversation(c: { tenantId: string; teamsConversationId: string; type: TeamsConversationType; replyChainId: string | null; conversationId: string }): Promise<string> {
      await pool.query(
        `INSERT INTO teams_conversations (tenant_id, teams_conversation_id, conversation_type, reply_chain_id, conversation_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [c.tenantId, c.teamsConversationId, c.type, c.replyChainId, c.conversationId],
      );
      return (await this.findConversation(c.tenantId, c.teamsConversationId)) ?? c.conversationId;
    },
  };
}

export type TeamsStore = ReturnType<typeof createTeamsStore>;
