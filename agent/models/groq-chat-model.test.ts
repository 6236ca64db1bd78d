import { HumanMessage } from '@langchain/core/messages';
import type { AIMessageChunk } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError } from '../errors';
import { startMockModelServer, type MockModelServer } from '../testing/mock-model-server';
import { GroqChatModel } from './groq-chat-model';

const tools = [{ type: 'function' as const, function: { name: 'lookup', description: 'x', parameters: { type: 'object', properties: {} } } }];

async function collect(model: GroqChatModel, signal?: AbortSignal) {
  let acc: AIMessageChunk | undefined;
  const pieces: string[] = [];
  for await (const c of await model.bindTools(tools).stream([new HumanMessage('hi')], { signal })) {
    pieces.push(typeof c.content === 'string' ? c.content : '');
    acc = acc ? acc.concat(c) : c;
  }
  return { acc: acc!, pieces };
}

describe('GroqChatModel over the wire protocol', () => {
  let mock: MockModelServer;
  let model: GroqChatModel;
  beforeAll(async () => {
    mock = await startMockModelServer();
    model = new GroqChatModel({ apiKey: 'k', baseURL: mock.baseURL, model: 'm', maxRetries: 1 });
  });
  afterAll(() => mock.close());

  it('streams text token by token and reports usage', async () => {
    mock.enqueue({ text: 'one two three', usage: { prompt_tokens: 11, completion_tokens: 3 } });
    const { acc, pieces } = await collect(model);
    expect(pieces.filter(Boolean)).toEqual(['one ', 'two ', 'three']);
    expect(acc.usage_metadata).toMatchObject({ input_tokens: 11, output_tokens: 3, total_tokens: 14 });
    expect(mock.requests.at(-1)!.body).toMatchObject({ model: 'm', stream: true, tools: [{ function: { name: 'lookup' } }] });
  });

  it('assembles two parallel tool calls whose arguments arrive in pieces', async () => {
    mock.enqueue({ toolCalls: [{ name: 'lookup', args: { q: 'alpha', n: 1 } }, { name: 'lookup', args: { q: 'beta' } }] });
    const { acc } = await collect(model);
    expect(acc.tool_calls?.map((c) => c.args)).toEqual([{ q: 'alpha', n: 1 }, { q: 'beta' }]);
    expect(acc.tool_calls?.every((c) => c.id?.startsWith('call_mock'))).toBe(true);
  });

  it.each([
    [401, 'model:auth'],
    [403, 'model:auth'],
    [400, 'model:bad_request'],
  ])('turns HTTP %i into %s', async (status, code) => {
    mock.enqueue({ status });
    await expect(collect(model)).rejects.toMatchObject({ code });
  });

  it('gives up on repeated 5xx after its retries with model:failed', async () => {
    const before = mock.requests.length;
    mock.enqueue({ status: 503, headers: { 'retry-after': '0' } }, { status: 503, headers: { 'retry-after': '0' } });
    await expect(collect(model)).rejects.toMatchObject({ code: 'model:failed' });
    expect(mock.requests.length - before).toBe(2);
  });

  it('reports an unreachable server as model:unavailable', async () => {
    const dead = new GroqChatModel({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', model: 'm', maxRetries: 0 });
    const err = await collect(dead).catch((e) => e);
    expect(err).toBeInstanceOf(ParleyError);
    expect(err.code).toBe('model:unavailable');
  });

  it('aborts the HTTP request when the signal fires', async () => {
    mock.enqueue({ text: 'slow '.repeat(100), tokenDelayMs: 20 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await collect(model, ac.signal).catch((e) => e);
    expect(err.name).toBe('AbortError');
    expect((await mock.waitForAbort()).completed).toBe(false);
  });
});
