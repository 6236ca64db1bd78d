import { afterAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../testing/databases';
import { recordEvents, request, sendOk, startTestParley, streamedText, type TestParley } from '../testing/harness';

describe.each(STORE_BACKENDS)('chat runtime on %s', (backend) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('on shutdown stops an answer that outlasts the grace period, with run:error run:shutdown and its words kept', async () => {
    const t = await startTestParley({ backend });
    cleanup.push(() => t.destroy());
    t.mock!.enqueue({ text: 'word '.repeat(200), tokenDelayMs: 25 });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'a very long answer' });
    await rec.waitFor((e) => e.type === 'message:delta');
    await t.stop();
    const again = await startTestParley({ backend, model: 'offline', reuse: { dataDir: t.dataDir, databaseUrl: t.databaseUrl } });
    cleanup.push(() => again.destroy());
    const events = await again.parley.store.runs.events(ack.data.runId);
    expect(events.at(-1)).toMatchObject({ type: 'run:error', code: 'run:shutdown' });
    const partial = streamedText(events);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan('word '.repeat(200).length);
    const messages = await again.parley.store.conversations.messages(ack.data.conversationId);
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', text: partial, status: 'error' });
  });

  it('marks a run left running in the store as interrupted, with the streamed text kept', async () => {
    const t: TestParley = await startTestParley({ backend, model: 'offline' });
    cleanup.push(() => t.destroy());
    const pool = t.parley.store.db.pool;
    // A run as a killed process leaves it: events written, no terminal event, status running.
    await pool.query(`INSERT INTO conversations (id, workspace_id, user_id, title) VALUES ('c1', 'local', 'local', 'crashed')`);
    await pool.query(`INSERT INTO messages (id, conversation_id, run_id, role, text) VALUES ('m1', 'c1', 'r1', 'user', 'hi')`);
    await pool.query(`INSERT INTO runs (id, conversation_id, user_message_id, status, model, last_seq) VALUES ('r1', 'c1', 'm1', 'running', 'x', 3)`);
    await pool.query(
      `INSERT INTO run_events (run_id, seq, type, payload) VALUES
       ('r1', 1, 'run:started', '{"model":"x","prompts":{},"userMessageId":"m1"}'),
       ('r1', 2, 'message:delta', '{"text":"Half an "}'),
       ('r1', 3, 'message:delta', '{"text":"answer"}')`,
    );
    expect(await t.parley.runtime.recoverInterrupted()).toBe(1);
    const events = await t.parley.store.runs.events('r1');
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events[3]).toMatchObject({ type: 'run:error', code: 'run:interrupted' });
    expect(streamedText(events)).toBe('Half an answer');
    const messages = await t.parley.store.conversations.messages('c1');
    expect(messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'hi', 'complete'],
      ['assistant', 'Half an answer', 'interrupted'],
    ]);
    expect((await t.parley.store.runs.get('r1'))?.status).toBe('interrupted');
    expect(await t.parley.runtime.recoverInterrupted()).toBe(0);
  });

  it('on shutdown lets a running answer finish within the grace period', async () => {
    const t = await startTestParley({ backend });
    cleanup.push(() => t.destroy());
    t.mock!.enqueue({ text: 'a b c d e f g h i j', tokenDelayMs: 30 });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'go' });
    await rec.waitFor((e) => e.type === 'message:delta');
    await t.stop();
    const run = await t.parley.store.runs.events(ack.data.runId).catch(() => null);
    expect(run).toBeNull(); // the store is closed after a stop
    const again = await startTestParley({ backend, model: 'offline', reuse: { dataDir: t.dataDir, databaseUrl: t.databaseUrl } });
    cleanup.push(() => again.destroy());
    const events = await again.parley.store.runs.events(ack.data.runId);
    expect(events.at(-1)).toMatchObject({ type: 'message:completed', text: 'a b c d e f g h i j' });
  });

  it('cancels only runs of the caller\'s workspace', async () => {
    const t = await startTestParley({ backend });
    cleanup.push(() => t.destroy());
    t.mock!.enqueue({ text: 'word '.repeat(100), tokenDelayMs: 10 });
    const run = await t.parley.runtime.send({ text: 'hi', workspaceId: 'local', userId: 'local' });
    expect(t.parley.runtime.cancel({ runId: run.runId, workspaceId: 'someone-else' })).toBe(false);
    expect(t.parley.runtime.cancel({ conversationId: run.conversationId, workspaceId: 'someone-else' })).toBe(false);
    expect(t.parley.runtime.cancel({ runId: run.runId, workspaceId: 'local' })).toBe(true);
    expect((await run.done).status).toBe('cancelled');
  });
});
