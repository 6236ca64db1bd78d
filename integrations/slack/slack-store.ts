import type pg from 'pg';
import { createPlatformBindings } from '../../server/bindings/platform-bindings';

/**
 * Slack ↔ Parley mappings: team → the workspace an admin bound it to (migrations 040 and 083),
 * member → user, thread → conversation. Every write is idempotent so two events racing for the
 * same member or thread end with one row.
 */
export function createSlackStore(pool: pg.Pool) {
  const bindings = createPlatformBindings(pool, 'slack');
  return {
    /** The team's binding, or undefined when no admin has connected it. */
    binding: (teamId: string) => bindings.find(teamId),

    /**
     * Who a Slack member is in Parley: the bound workspace's account with their email, or their
     * own Slack user there (created on first contact with the binding's default role); `unbound`
     * when no admin connected the team. `profile` (users.info) is asked on first contact only.
     */
    person: (teamId: string, slackUserId: string, profile: () => Promise<{ displayName: string; email?: string }>) => bindings.person(teamId, slackUserId, profile),

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
