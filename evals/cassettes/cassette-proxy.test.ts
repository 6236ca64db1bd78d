import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Groq from 'groq-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModelServer, type MockModelServer } from '../../agent/testing/mock-model-server';
import { cassetteKey, canonicalJson } from './cassette-key';
import { startCassetteProxy, type CassetteProxy } from './cassette-proxy';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function streamText(client: Groq, content: string, model = 'mock-model') {
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content }],
    tools: [{ type: 'function', function: { name: 'describe_data', parameters: { type: 'object', properties: {} } } }],
    stream: true,
  });
  let text = '';
  const calls: string[] = [];
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    for (const c of chunk.choices[0]?.delta?.tool_calls ?? []) if (c.function?.name) calls.push(c.function.name);
  }
  return { text, calls };
}

describe('cassette key', () => {
  it('ignores key order and changes with the model, the messages, the tools and the parameters', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [], temperature: 0.2 };
    expect(cassetteKey(body)).toBe(cassetteKey({ temperature: 0.2, tools: [], messages: [{ content: 'hi', role: 'user' }], model: 'm' }));
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: undefined }] })).toBe('{"a":[2,{"d":1}],"b":1}');
    for (const changed of [{ model: 'n' }, { messages: [{ role: 'user', content: 'hello' }] }, { tools: [{ x: 1 }] }, { temperature: 0 }]) {
      expect(cassetteKey({ ...body, ...changed })).not.toBe(cassetteKey(body));
    }
  });
});

describe('cassette proxy', () => {
  it('records through the real groq-sdk path, then replays with the upstream closed; a miss names the cassette', async () => {
    const mock: MockModelServer = await startMockModelServer();
    let mockOpen = true;
    closers.push(async () => {
      if (mockOpen) await mock.close();
    });
    mock.enqueue({ text: 'Three tables: orders, products and regions.' }, { toolCalls: [{ name: 'describe_data', args: {} }] });
    const dir = mkdtempSync(join(tmpdir(), 'cassettes-'));

    const recorder: CassetteProxy = await startCassetteProxy({ mode: 'record', dir, upstream: mock.baseURL });
    closers.push(() => recorder.close());
    const live = new Groq({ apiKey: 'secret-test-key', baseURL: recorder.baseURL, maxRetries: 0 });
    const first = await streamText(live, 'what tables?');
    const second = await streamText(live, 'describe the data');
    expect(first.text).toBe('Three tables: orders, products and regions.');
    expect(second.calls).toEqual(['describe_data']);
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual(['Bearer secret-test-key', 'Bearer secret-test-key']);
    expect(recorder.recorded).toHaveLength(2);
    const files = readdirSync(dir);
    expect(files).toHaveLength(2);
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8')).not.toContain('secret-test-key');

    await mock.close();
    mockOpen = false;
    const player = await startCassetteProxy({ mode: 'replay', dir, cwd: dir });
    closers.push(() => player.close());
    const offline = new Groq({ apiKey: 'any', baseURL: player.baseURL, maxRetries: 0 });
    expect(await streamText(offline, 'what tables?')).toEqual(first);
    expect(await streamText(offline, 'describe the data')).toEqual(second);
    expect(player.replayed).toHaveLength(2);

    await expect(streamText(offline, 'what tables?', 'another-model')).rejects.toThrow(/no cassette [0-9a-f]{32}\.json for this request; record it with --record/);
    expect(player.misses).toEqual([expect.objectContaining({ model: 'another-model', userTexts: ['what tables?'] })]);
  });

  it('does not store an upstream error, so a bad day is not replayed forever', async () => {
    const mock = await startMockModelServer();
    closers.push(() => mock.close());
    mock.enqueue({ status: 429, headers: { 'retry-after': '0' } });
    const dir = mkdtempSync(join(tmpdir(), 'cassettes-'));
    const recorder = await startCassetteProxy({ mode: 'record', dir, upstream: mock.baseURL });
    closers.push(() => recorder.close());
    const client = new Groq({ apiKey: 'k', baseURL: recorder.baseURL, maxRetries: 0 });
    await expect(streamText(client, 'hi')).rejects.toThrow(/429/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
