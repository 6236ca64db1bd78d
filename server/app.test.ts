import { afterAll, describe, expect, it } from 'vitest';
import { OFFLINE_NOTICE } from '../agent/models/index';
import { STORE_BACKENDS } from './testing/databases';
import { recordEvents, request, sendOk, startTestParley, type TestParley } from './testing/harness';

async function getJson(t: Pick<TestParley, 'fetch'>, path: string) {
  const res = await t.fetch(path);
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(STORE_BACKENDS)('Parley server on %s', (backend) => {
  const started: TestParley[] = [];
  afterAll(async () => {
    for (const t of started.reverse()) await t.destroy();
  });

  it('answers /healthz and /readyz, and unknown API routes with a coded error', async () => {
    const t = await startTestParley({ backend, model: 'offline' });
    started.push(t);
    expect(await getJson(t, `/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await getJson(t, `/readyz`)).toEqual({ status: 200, body: { status: 'ready', channels: {} } });
    expect(await getJson(t, `/api/nothing-here`)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await getJson(t, `/api/conversations?limit=0`)).toMatchObject({ status: 400, body: { error: { code: 'input:invalid' } } });
    expect(await getJson(t, `/api/conversations/nope/messages`)).toMatchObject({ status: 404, body: { error: { code: 'conversation:not_found' } } });
  });

  it('the offline planner answers "what data can I ask about?" through describe_data, and says what it is once', async () => {
    const t = await startTestParley({ backend, model: 'offline' });
    started.push(t);
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'What data can I ask about?' });
    const end = await rec.terminal(ack.data.runId);
    const events = rec.ofRun(ack.data.runId);
    expect(events.find((e) => e.type === 'run:started')).toMatchObject({ model: 'offline-planner' });
    expect(events.find((e) => e.type === 'tool:started')).toMatchObject({ name: 'describe_data' });
    expect(end.type).toBe('message:completed');
    const text = (end as { text: string }).text;
    expect(text).toContain(OFFLINE_NOTICE);
    expect(text).toContain('GROQ_API_KEY');
    // The answer lists real tables read from the datasource, not a canned list.
    expect(text).toMatch(/\*\*orders\*\*: order_id, customer_id, order_date/);
    // Parley's own tables are not part of the default datasource (the demo warehouse).
    expect(text).not.toContain('conversations');
    expect(text.split(OFFLINE_NOTICE).length).toBe(2);

    const again = await sendOk(s, { text: 'which tables have columns?', conversationId: ack.data.conversationId });
    const end2 = await rec.terminal(again.data.runId);
    expect((end2 as { text: string }).text).not.toContain(OFFLINE_NOTICE);

    const unknown = await sendOk(s, { text: 'sing me a song about Kigali', conversationId: ack.data.conversationId });
    const end3 = await rec.terminal(unknown.data.runId);
    expect((end3 as { text: string }).text).toMatch(/could not match .* so I will not guess/);
  });

  it('keeps conversations and messages across a stop and restart on the same store', async () => {
    const first = await startTestParley({ backend, model: 'offline' });
    const s = await first.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'What data can I ask about?' });
    await rec.terminal(ack.data.runId);
    const before = await getJson(first, `/api/conversations/${ack.data.conversationId}/messages`);
    await first.stop();

    const second = await startTestParley({ backend, model: 'offline', reuse: { dataDir: first.dataDir, databaseUrl: first.databaseUrl } });
    started.push(second, first);
    const list = await getJson(second, `/api/conversations`);
    expect(list.body.data.map((c: { id: string }) => c.id)).toContain(ack.data.conversationId);
    expect(list.body.data[0].title).toBe('What data can I ask about?');
    const after = await getJson(second, `/api/conversations/${ack.data.conversationId}/messages`);
    expect(after.body.data.messages).toEqual(before.body.data.messages);
    expect(after.body.data.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    // The replayed stream is still there too.
    const s2 = await second.client();
    const rec2 = recordEvents(s2);
    const joined = await request(s2, 'conversation:join', { conversationId: ack.data.conversationId });
    expect(joined).toMatchObject({ data: { runId: ack.data.runId, active: false } });
    await rec2.terminal(ack.data.runId);
    expect(rec2.ofRun(ack.data.runId).map((e) => e.seq)).toEqual(rec.ofRun(ack.data.runId).map((e) => e.seq));
    // And the agent remembers the conversation (LangGraph checkpoint): the planner does not introduce itself again.
    const cont = await sendOk(s2, { text: 'describe the tables again', conversationId: ack.data.conversationId });
    const end = await rec2.terminal(cont.data.runId);
    expect((end as { text: string }).text).not.toContain(OFFLINE_NOTICE);
  });

  it('falls back to the offline planner when the model server cannot be reached, and says so', async () => {
    const t = await startTestParley({ backend, env: { GROQ_BASE_URL: 'http://127.0.0.1:9', PARLEY_MODEL_MAX_RETRIES: '0' } });
    started.push(t);
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'What data can I ask about?' });
    const end = await rec.terminal(ack.data.runId);
    expect(end.type).toBe('message:completed');
    expect((end as { text: string }).text).toContain(OFFLINE_NOTICE);
    expect(rec.ofRun(ack.data.runId).find((e) => e.type === 'tool:finished')).toMatchObject({ ok: true });
  });
});
