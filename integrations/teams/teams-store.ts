import type pg from 'pg';
import { createPlatformBindings, type Profile } from '../../server/bindings/platform-bindings';

export type TeamsConversationType = 'personal' | 'groupChat' | 'channel';

/**
 * Persists who is asking from Teams and where: a Teams user (per tenant, in the workspace an
 * admin bound the tenant to; migrations 050 and 083) ↔ a Parley user, and a
 * Teams conversation (a 1:1, a group chat, or one channel reply chain) ↔ a Parley conversation.
 */
export function createTeamsStore(pool: pg.Pool) {
  const bindings = createPlatformBindings(pool, 'teams');
  return {
    /**
     * Who a Teams user is in Parley: the bound workspace's account with their email, or their own
     * Teams user there (created on first contact with the binding's default role); `unbound` when
     * no admin connected the tenant. `profile` is asked on first contact only.
     */
    person: (tenantId: string, teamsUserId: string, profile: () => Promise<Profile>) => bindings.person(tenantId, teamsUserId, profile),

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
