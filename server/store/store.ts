import { createConversationStore } from './conversations';
import { openDb, type Db } from './db';
import { migrate } from './migrate';
import { createRunStore } from './runs';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';

export interface Store {
  db: Db;
  conversations: ReturnType<typeof createConversationStore>;
  runs: ReturnType<typeof createRunStore>;
  checkpointer: PostgresSaver;
  /** Answers whether the database responds. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the database, applies migrations and the checkpointer's own set-up. */
export async function openStore(opts: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  const db = await openDb(opts);
  try {
    await migrate(db.pool);
    const checkpointer = new PostgresSaver(db.pool);
    await checkpointer.setup();
    let closed = false;
    return {
      db,
      conversations: createConversationStore(db.pool),
      runs: createRunStore(db.pool),
      checkpointer,
      async ping() {
        try {
          await db.pool.query('SELECT 1');
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        await db.close();
      },
    };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
