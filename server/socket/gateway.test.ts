import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../agent/events';
import { STORE_BACKENDS } from '../testing/databases';
import { recordEvents, request, sendOk, startTestParley, streamedText, type TestParley } from '../testing/harness';

const ANSWER = 'Revenue grew eight percent last quarter, driven by the north region and a strong December.';

function expectGapless(events: RunEvent[]) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
}

describe.each(STORE_BACKENDS)('socket gateway on %s', (backend) => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ backend });
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('streams run:started, several message:delta and message:completed in order with gapless seq', async () => {
    t.mock!.enqueue({ text: ANSWER });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'How did revenue do last quarter?' });
    await rec.terminal(ack.data.runId);
    const events = rec.ofRun(ack.data.runId);
    expectGapless(events);
    expect(events[0].type).toBe('run:started');
    expect(events.at(-1)!.type).toBe('message:completed');
    expect(events.filter((e) => e.type === 'message:delta').length).toBeGreaterThan(5);
    expect(streamedText(events)).toBe(ANSWER);
    const done = events.at(-1)!;
    if (done.type !== 'message:completed') throw new Error('not completed');
    expect(done.text).toBe(ANSWER);
    expect(done.usage.outputTokens).toBeGreaterThan(0);
    const started = events[0];
    if (started.type !== 'run:started') throw new Error();
    expect(started.model).toBe('mock-model');
    expect(started.prompts['agent-system']).toBeTruthy();
    // The model received the system prompt and the user's words over the real HTTP path.
    const req = t.mock!.requests.at(-1)!;
    expect(req.path).toBe('/openai/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer test-key');
    expect(req.body.messages[0].role).toBe('system');
    expect(req.body.messages.at(-1)).toMatchObject({ role: 'user', content: 'How did revenue do last quarter?' });
  });

  it('runs a tool round trip: the model asks for describe_data, the tool runs, the model answers', async () => {
    t.mock!.enqueue({ toolCalls: [{ name: 'describe_data', args: {} }] }, { text: 'You can ask about conversations and messages.' });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'What data is there?' });
    await rec.terminal(ack.data.runId);
    const events = rec.ofRun(ack.data.runId);
    expectGapless(events);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['tool:started', 'tool:finished', 'message:completed']));
    const finished = events.find((e) => e.type === 'tool:finished');
    expect(finished).toMatchObject({ ok: true });
    const started = events.find((e) => e.type === 'tool:started');
    expect(started).toMatchObject({ name: 'describe_data' });
    // The second model request carries the tool's real result.
    const second = t.mock!.requests.at(-1)!;
    const toolMsg = second.body.messages.find((m) => m.role === 'tool')!;
    expect(toolMsg.tool_call_id).toBe((started as { callId: string }).callId);
    expect(JSON.parse(toolMsg.content!).content.tables.map((x: { table: string }) => x.table)).toContain('order_lines');
  });

  it('returns a tool error to the model as data, and the run still completes', async () => {
    t.mock!.enqueue({ toolCalls: [{ name: 'describe_data', args: { table: 'no_such_table_xyz' } }] }, { text: 'There is no such table.' });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'Describe no_such_table_xyz' });
    const end = await rec.terminal(ack.data.runId);
    expect(end.type).toBe('message:completed');
    expect(rec.ofRun(ack.data.runId).find((e) => e.type === 'tool:finished')).toMatchObject({ ok: false, error: expect.stringContaining('no_such_table_xyz') });
    const toolMsg = t.mock!.requests.at(-1)!.body.messages.find((m) => m.role === 'tool')!;
    expect(JSON.parse(toolMsg.content!).error).toMatch(/no table .* matches/);
  });

  it('replays after a disconnect mid-stream so the text equals an uninterrupted run', async () => {
    t.mock!.enqueue({ text: ANSWER, tokenDelayMs: 15 });
    const first = await t.client();
    const rec1 = recordEvents(first);
    const ack = await sendOk(first, { text: 'Tell me about revenue' });
    const { runId, conversationId } = ack.data;
    await rec1.waitFor((e) => e.runId === runId && e.type === 'message:delta' && e.seq >= 4);
    first.close();
    const lastSeq = Math.max(...rec1.ofRun(runId).map((e) => e.seq));

    const second = await t.client();
    const rec2 = recordEvents(second);
    const joined = await request(second, 'conversation:join', { conversationId, runId, afterSeq: lastSeq });
    expect(joined).toMatchObject({ data: { runId } });
    await rec2.terminal(runId);
    const combined = [...rec1.ofRun(runId), ...rec2.ofRun(runId)];
    expectGapless(combined);
    expect(streamedText(combined)).toBe(ANSWER);
  });

  it('lets a second tab on the same conversation see the same stream', async () => {
    const a = await t.client();
    const recA = recordEvents(a);
    t.mock!.enqueue({ text: 'First answer.' });
    const first = await sendOk(a, { text: 'hello' });
    await recA.terminal(first.data.runId);
    const b = await t.client();
    const recB = recordEvents(b);
    await request(b, 'conversation:join', { conversationId: first.data.conversationId, afterSeq: 1e6 });
    t.mock!.enqueue({ text: ANSWER, tokenDelayMs: 2 });
    const second = await sendOk(a, { text: 'and again', conversationId: first.data.conversationId });
    await Promise.all([recA.terminal(second.data.runId), recB.terminal(second.data.runId)]);
    expect(recB.ofRun(second.data.runId).map((e) => e.seq)).toEqual(recA.ofRun(second.data.runId).map((e) => e.seq));
    expect(streamedText(recB.ofRun(second.data.runId))).toBe(ANSWER);
  });

  it('cancels: run:cancelled arrives and the mock server sees its request aborted', async () => {
    t.mock!.enqueue({ text: ANSWER.repeat(20), tokenDelayMs: 20 });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'Write a long report' });
    await rec.waitFor((e) => e.runId === ack.data.runId && e.type === 'message:delta');
    const cancelled = await request(s, 'chat:cancel', { runId: ack.data.runId });
    expect(cancelled).toEqual({ data: { cancelled: true } });
    const end = await rec.terminal(ack.data.runId);
    expect(end.type).toBe('run:cancelled');
    const aborted = await t.mock!.waitForAbort();
    expect(aborted.completed).toBe(false);
    expectGapless(rec.ofRun(ack.data.runId));
    // The conversation is usable again right away.
    t.mock!.enqueue({ text: 'ok' });
    const next = await sendOk(s, { text: 'short please', conversationId: ack.data.conversationId });
    expect((await rec.terminal(next.data.runId)).type).toBe('message:completed');
  });

  it('ends with run:error model:auth when the model answers 401', async () => {
    t.mock!.enqueue({ status: 401, body: { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'hello?' });
    const end = await rec.terminal(ack.data.runId);
    expect(end).toMatchObject({ type: 'run:error', code: 'model:auth' });
    expect((end as { message: string }).message).toMatch(/GROQ_API_KEY/);
    expect((end as { message: string }).message).not.toMatch(/Invalid API Key|test-key/);
  });

  it('retries a 429 (honouring retry-after) and the run succeeds', async () => {
    const before = t.mock!.requests.length;
    t.mock!.enqueue({ status: 429, headers: { 'retry-after': '0' } }, { text: 'Worked on the second try.' });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'try me' });
    const end = await rec.terminal(ack.data.runId);
    expect(end).toMatchObject({ type: 'message:completed', text: 'Worked on the second try.' });
    expect(t.mock!.requests.length - before).toBe(2);
  });

  it.each([
    ['an empty text', { text: '' }, /text/],
    ['a missing text', {}, /text/],
    ['a non-object payload', 'hello', /payload|expected object/i],
    ['a too-long conversation id', { text: 'x', conversationId: 'x'.repeat(200) }, /conversationId/],
  ])('answers %s with an error ack and keeps serving', async (_, payload, message) => {
    const s = await t.client();
    const bad = await request(s, 'chat:send', payload as never);
    expect(bad).toMatchObject({ error: { code: 'input:invalid', message: expect.stringMatching(message) } });
    t.mock!.enqueue({ text: 'still here' });
    const rec = recordEvents(s);
    const ok = await sendOk(s, { text: 'are you there?' });
    expect(await rec.terminal(ok.data.runId)).toMatchObject({ type: 'message:completed', text: 'still here' });
  });

  it('refuses an unknown conversation and a second send while a run streams', async () => {
    const s = await t.client();
    expect(await request(s, 'chat:send', { text: 'x', conversationId: 'nope' })).toMatchObject({ error: { code: 'conversation:not_found' } });
    t.mock!.enqueue({ text: ANSWER, tokenDelayMs: 10 });
    const rec = recordEvents(s);
    const ack = await sendOk(s, { text: 'long one' });
    const busy = await request(s, 'chat:send', { text: 'again', conversationId: ack.data.conversationId });
    expect(busy).toMatchObject({ error: { code: 'run:busy' } });
    await rec.terminal(ack.data.runId);
  });
});
