import type { RunEvent } from '../../agent/events';
import type { TableArtifactData } from '../../tools/artifacts';
import type { DataSourceHandle } from '../../tools/types';
import { LOCAL_WORKSPACE_ID } from '../identity';
import { recordEvents, request, type TestParley } from '../testing/harness';
import { DEMO_READER } from './demo-process';

export interface Answer {
  events: RunEvent[];
  conversationId: string;
  text: string;
  table?: TableArtifactData;
  finished?: Extract<RunEvent, { type: 'tool:finished' }>;
}

/** Sends one chat message over Socket.IO and waits for the run to end. */
export async function ask(t: TestParley, text: string, opts: { conversationId?: string; datasource?: string } = {}): Promise<Answer> {
  const s = await t.client();
  const rec = recordEvents(s);
  const ack = await request(s, 'chat:send', { text, ...opts });
  if (!('data' in ack)) throw new Error(JSON.stringify(ack));
  const end = await rec.terminal(ack.data.runId, 60_000);
  const events = rec.ofRun(ack.data.runId);
  s.close();
  const artifact = events.find((e) => e.type === 'artifact' && e.kind === 'table') as Extract<RunEvent, { type: 'artifact' }> | undefined;
  return {
    events,
    conversationId: ack.data.conversationId,
    text: end.type === 'message:completed' ? end.text : JSON.stringify(end),
    table: artifact?.data as TableArtifactData | undefined,
    finished: events.find((e) => e.type === 'tool:finished') as Answer['finished'],
  };
}

/** True for the mock-model request the SQL writer makes (its system prompt is the sql-writer prompt). */
export function isSqlWriterRequest(body: { messages: { role: string; content: string | null }[] }): boolean {
  return body.messages[0]?.role === 'system' && /You write (PostgreSQL|DuckDB)/.test(body.messages[0].content ?? '');
}

/** The running Parley's demo warehouse, as a conversation without a datasource gets it. */
export function demoHandle(t: TestParley): Promise<DataSourceHandle> {
  return Promise.resolve(t.parley.runtime.resolveDatasource({ workspaceId: LOCAL_WORKSPACE_ID, datasource: null }));
}

/** Reads the demo warehouse through its own connection (never the store's: the demo is not there). */
export async function demoQuery<Row = Record<string, unknown>>(t: TestParley, sql: string, params?: unknown[]): Promise<Row[]> {
  return (await (await demoHandle(t)).sql.query<Row>(sql, params)).rows;
}

/**
 * Runs `sql` on the demo warehouse as its owner, for tests that plant something hostile (a
 * function that writes). Questions run as a read-only role; the owner is one RESET ROLE away
 * because PGlite has one session user, which is why the SQL guard still refuses SET and RESET.
 */
export async function asDemoOwner(t: TestParley, sql: string): Promise<void> {
  await (await demoHandle(t)).session!(async (c) => {
    await c.query('RESET ROLE');
    try {
      await c.query(sql);
    } finally {
      await c.query(`SET ROLE ${DEMO_READER}`);
    }
  });
}
