import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../testing/databases';
import { recordEvents, request, startTestParley, type TestParley } from '../testing/harness';

async function call(t: Pick<TestParley, 'fetch'>, path: string, method = 'GET', body?: unknown) {
  const res = await t.fetch(path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(STORE_BACKENDS)('conversations API on %s', (backend) => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ backend });
  });
  afterAll(async () => {
    await t?.destroy();
  });

  async function converse(text: string, answer: string) {
    t.mock!.enqueue({ text: answer });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await request(s, 'chat:send', { text });
    if (!('data' in ack)) throw new Error(JSON.stringify(ack));
    await rec.terminal(ack.data.runId);
    s.close();
    return ack.data.conversationId;
  }

  it('renames a conversation and changes its datasource, and rejects an empty title naming the field', async () => {
    const id = await converse('How many orders last week?', 'There were 12 orders.');
    expect(await call(t, `/api/conversations/${id}`, 'PATCH', { title: 'Weekly orders' })).toMatchObject({ status: 200, body: { data: { id, title: 'Weekly orders', datasource: null } } });
    expect(await call(t, `/api/conversations/${id}`, 'PATCH', { datasource: 'Demo warehouse' })).toMatchObject({ status: 200, body: { data: { title: 'Weekly orders', datasource: 'Demo warehouse' } } });
    const bad = await call(t, `/api/conversations/${id}`, 'PATCH', { title: '  ' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'input:invalid' } } });
    expect(bad.body.error.message).toContain('title');
    expect((await call(t, `/api/conversations/${id}`, 'PATCH', {})).status).toBe(400);
    expect((await call(t, `/api/conversations/nope`, 'PATCH', { title: 'x' })).status).toBe(404);
    const { body } = await call(t, `/api/conversations/${id}/messages`);
    expect(body.data.conversation).toMatchObject({ title: 'Weekly orders', datasource: 'Demo warehouse' });
  });

  it('searches titles and message text case-insensitively, taking % and _ literally', async () => {
    const a = await converse('Margin by region', 'The NORTHWIND region leads on margin.');
    const b = await converse('Churn this quarter', 'Churn fell to 3% this quarter.');
    const ids = async (q: string) => (await call(t, `/api/conversations?q=${encodeURIComponent(q)}`)).body.data.map((c: { id: string }) => c.id);
    expect(await ids('northwind')).toEqual([a]);
    expect(await ids('CHURN')).toEqual([b]);
    expect(await ids('3%')).toEqual([b]);
    expect(await ids('%')).toEqual([b]);
    expect(await ids('no such words anywhere')).toEqual([]);
  });

  it('deletes a conversation with its messages, and answers 404 afterwards', async () => {
    const id = await converse('Delete me please', 'Sure.');
    expect(await call(t, `/api/conversations/${id}`, 'DELETE')).toMatchObject({ status: 200, body: { data: { deleted: true, id } } });
    expect((await call(t, `/api/conversations/${id}/messages`)).status).toBe(404);
    expect((await call(t, `/api/conversations/${id}`, 'DELETE')).status).toBe(404);
    const left = await t.parley.store.db.pool.query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [id]);
    expect(left.rows[0].n).toBe(0);
  });

  it('refuses to delete a conversation while it is answering, and keeps it', async () => {
    t.mock!.enqueue({ text: 'word '.repeat(100), tokenDelayMs: 20 });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await request(s, 'chat:send', { text: 'A long one' });
    if (!('data' in ack)) throw new Error(JSON.stringify(ack));
    await rec.waitFor((e) => e.type === 'message:delta');
    const res = await call(t, `/api/conversations/${ack.data.conversationId}`, 'DELETE');
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'run:busy' } } });
    await request(s, 'chat:cancel', { runId: ack.data.runId });
    await rec.terminal(ack.data.runId);
    expect((await call(t, `/api/conversations/${ack.data.conversationId}/messages`)).status).toBe(200);
  });

  it('gives the history\'s tool steps and how unfinished runs ended', async () => {
    t.mock!.enqueue({ toolCalls: [{ name: 'describe_data', args: { table: 'no_such_table_here' } }] }, { status: 400, body: { error: { message: 'bad' } } });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await request(s, 'chat:send', { text: 'Describe it' });
    if (!('data' in ack)) throw new Error(JSON.stringify(ack));
    const end = await rec.terminal(ack.data.runId);
    expect(end.type).toBe('run:error');
    const { status, body } = await call(t, `/api/conversations/${ack.data.conversationId}/timeline`);
    expect(status).toBe(200);
    expect(body.data.map((e: { type: string }) => e.type)).toEqual(['tool:started', 'tool:finished', 'run:error']);
    expect(body.data[0]).toMatchObject({ runId: ack.data.runId, payload: { name: 'describe_data' } });
    expect(body.data[1].payload).toMatchObject({ ok: false });
    expect(body.data[1].payload.error).toContain('no_such_table_here');
    expect(body.data[2].payload).toMatchObject({ code: 'model:bad_request' });
    expect((await call(t, `/api/conversations/nope/timeline`)).status).toBe(404);
  });

  it('lists a conversation\'s artifacts with their run', async () => {
    const id = await converse('Artifacts?', 'None yet.');
    const run = (await call(t, `/api/conversations/${id}/messages`)).body.data.latestRun.id;
    await t.parley.store.runs.saveArtifact({ id: 'art-1', conversationId: id, runId: run, callId: 'c1', kind: 'table', title: 'Orders', data: { columns: [], rows: [], rowCount: 0, truncated: false } });
    expect(await call(t, `/api/conversations/${id}/artifacts`)).toMatchObject({ status: 200, body: { data: [{ id: 'art-1', runId: run, callId: 'c1', kind: 'table', title: 'Orders' }] } });
    expect((await call(t, `/api/conversations/nope/artifacts`)).status).toBe(404);
  });
});
