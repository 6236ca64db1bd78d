import type { RunEvent } from '../../agent/events';
import type { TableArtifactData } from '../../tools/artifacts';
import { recordEvents, request, type TestParley } from '../testing/harness';

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
  return body.messages[0]?.role === 'system' && (body.messages[0].content ?? '').includes('You write PostgreSQL');
}
