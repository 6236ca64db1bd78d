import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../agent/errors';
import { STORE_BACKENDS } from '../../server/testing/databases';
import type { RecordedCall } from './testing/fake-slack-api';
import { appMention, message } from './testing/payloads';
import { startSlackParley, type SlackParley } from './testing/slack-harness';

async function until(pred: () => boolean, what: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i + 1}`).join(' ');

describe.each(STORE_BACKENDS)('Slack channel when things go wrong (%s)', (backend) => {
  let s: SlackParley;
  beforeAll(async () => {
    s = await startSlackParley({ backend, teams: ['T1', 'T4', 'T5'] });
  });
  afterAll(async () => {
    await s?.destroy();
  });
  beforeEach(() => s.fake.reset());

  it('falls back to one message updated at most once a second when the workspace refuses streaming, and remembers', async () => {
    s.fake.respond('chat.startStream', { ok: false, error: 'feature_not_enabled' });
    const answer = words(40);
    s.mock.enqueue({ toolCalls: [{ name: 'monthly_revenue', args: { months: 2 } }] }, { text: answer, tokenDelayMs: 60 });
    const mention = appMention({ team: 'T4', text: 'slow answer please', channel: 'C4' });
    await s.feed(mention);
    await s.channel!.idle();

    expect(s.fake.callsTo('chat.startStream')).toHaveLength(1);
    expect(s.fake.callsTo('chat.appendStream')).toHaveLength(0);
    const [first, ...tablePosts] = s.fake.callsTo('chat.postMessage');
    expect(first.args).toMatchObject({ channel: 'C4', thread_ts: mention.event.ts });
    expect(tablePosts.some((c) => Array.isArray(c.args.blocks))).toBe(true);
    const edits: RecordedCall[] = [first, ...s.fake.callsTo('chat.update')];
    expect(edits.length).toBeGreaterThanOrEqual(3);
    // Every edit is of the one message the fallback posted.
    expect(new Set(edits.slice(1).map((e) => e.args.ts)).size).toBe(1);
    // Never more than one edit a second (2.4 s of words yields a handful, not one per word).
    for (let i = 1; i < edits.length; i++) expect(edits[i].at - edits[i - 1].at).toBeGreaterThanOrEqual(950);
    expect(edits.length).toBeLessThan(10);
    const final = String(edits.at(-1)!.args.markdown_text);
    expect(final).toContain(':white_check_mark: Monthly revenue — 2 months of revenue');
    expect(final.endsWith(answer)).toBe(true);

    // The team's next answer goes straight to the fallback.
    s.fake.reset();
    s.mock.enqueue({ text: 'Second answer.' });
    await s.feed(appMention({ team: 'T4', text: 'again', channel: 'C4' }));
    await s.channel!.idle();
    expect(s.fake.callsTo('chat.startStream')).toHaveLength(0);
    expect(String(s.fake.callsTo('chat.postMessage').at(-1)!.args.markdown_text)).toBe('Second answer.');
  });

  it('does not take a channel error for a refusal to stream: the user is told, and streaming stays on', async () => {
    s.fake.respond('chat.startStream', { ok: false, error: 'not_in_channel' }, { times: 1 });
    s.mock.enqueue({ text: 'Nobody will see this.' });
    await s.feed(appMention({ team: 'T5', text: 'private channel', channel: 'G1' }));
    await s.channel!.idle();
    expect(s.fake.callsTo('chat.update')).toHaveLength(0);
    const posts = s.fake.callsTo('chat.postMessage');
    expect(posts.map((c) => String(c.args.text))).toEqual([expect.stringContaining('not_in_channel')]);

    s.fake.reset();
    s.mock.enqueue({ text: 'Streaming again.' });
    await s.feed(appMention({ team: 'T5', text: 'public channel', channel: 'C12' }));
    await s.channel!.idle();
    expect(s.fake.callsTo('chat.startStream')).toHaveLength(1);
  });

  it('retries a 429 after the Retry-After Slack gave, and the answer still arrives', async () => {
    s.fake.respond('chat.startStream', { status: 429, retryAfter: 1 }, { times: 1 });
    s.mock.enqueue({ text: 'Rate limits are no problem.' });
    await s.feed(appMention({ text: 'hello' }));
    await s.channel!.idle();
    const starts = s.fake.callsTo('chat.startStream');
    expect(starts).toHaveLength(2);
    expect(starts[1].at - starts[0].at).toBeGreaterThanOrEqual(950);
    expect(starts[1].args.chunks).toEqual([{ type: 'markdown_text', text: 'Rate limits are no problem.' }]);
    expect(s.fake.callsTo('chat.stopStream')).toHaveLength(1);
    expect(s.logs.some((l) => String(l.msg).includes('rate limiting') && l.source === 'bolt')).toBe(true);
  });

  it('logs a Slack API error with its request id and tells the user in the thread', async () => {
    s.fake.respond('chat.postMessage', { ok: false, error: 'not_in_channel' }, { times: 1 });
    s.mock.enqueue({ toolCalls: [{ name: 'monthly_revenue', args: { months: 2 } }] }, { text: 'Two months.' });
    const mention = appMention({ text: 'table please', channel: 'C6' });
    await s.feed(mention);
    await s.channel!.idle();
    const [failed, notice] = s.fake.callsTo('chat.postMessage');
    const logged = s.logs.find((l) => l.msg === 'Slack API call failed' && l.slackError === 'not_in_channel' && l.method === 'chat.postMessage');
    expect(logged).toMatchObject({ method: 'chat.postMessage', slackRequestId: failed.requestId, channel: 'C6' });
    expect(notice.args).toMatchObject({ channel: 'C6', thread_ts: mention.event.ts });
    expect(String(notice.args.text)).toMatch(/could not show a table.*not_in_channel/);
  });

  it('tells the user once when Slack stops taking the stream mid-answer', async () => {
    s.fake.respond('chat.appendStream', { ok: false, error: 'message_not_in_streaming_state' });
    s.mock.enqueue({ toolCalls: [{ name: 'monthly_revenue', args: { months: 1 } }] }, { text: 'One month.' });
    const mention = appMention({ text: 'break the stream', channel: 'C9' });
    await s.feed(mention);
    await s.channel!.idle();
    const failed = s.fake.callsTo('chat.appendStream')[0];
    expect(s.logs.find((l) => l.slackError === 'message_not_in_streaming_state')).toMatchObject({ method: 'chat.appendStream', slackRequestId: failed.requestId });
    const notices = s.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('message_not_in_streaming_state'));
    expect(notices).toHaveLength(1);
    expect(notices[0].args).toMatchObject({ channel: 'C9', thread_ts: mention.event.ts });
  });

  it('shows a run error as a short line at the end of the streamed answer, without internals', async () => {
    s.mock.enqueue({ status: 400, body: { error: { message: 'context_length_exceeded: secret internals', type: 'invalid_request_error' } } });
    await s.feed(appMention({ text: 'break please' }));
    await s.channel!.idle();
    const stop = s.fake.callsTo('chat.stopStream').at(-1) ?? s.fake.callsTo('chat.startStream').at(-1)!;
    const text = JSON.stringify(s.fake.calls.filter((c) => c.method.startsWith('chat.')).map((c) => c.args));
    expect(text).toContain(`:warning: ${ERROR_MESSAGES['model:bad_request']}`);
    expect(text).not.toContain('secret internals');
    expect(stop).toBeTruthy();
  });

  it('says Parley is still answering when a follow-up arrives mid-answer', async () => {
    s.mock.enqueue({ text: words(30), tokenDelayMs: 60 });
    const mention = appMention({ text: 'long one', channel: 'C8' });
    await s.feed(mention);
    await until(() => s.fake.callsTo('chat.startStream').length > 0, 'the stream to start');
    await s.feed(message({ channelType: 'channel', channel: 'C8', text: 'and also?', threadTs: mention.event.ts }));
    await s.channel!.idle();
    const notice = s.fake.callsTo('chat.postMessage').find((c) => String(c.args.text).includes(ERROR_MESSAGES['run:busy']));
    expect(notice?.args).toMatchObject({ channel: 'C8', thread_ts: mention.event.ts });
    expect(s.fake.callsTo('chat.stopStream')).toHaveLength(1);
  });

  it('stops the answer when someone says "stop" in its thread', async () => {
    s.mock.enqueue({ text: words(60), tokenDelayMs: 60 });
    const mention = appMention({ text: 'go on and on', channel: 'C11' });
    await s.feed(mention);
    await until(() => s.fake.callsTo('chat.startStream').length > 0, 'the stream to start');
    await s.feed(message({ channelType: 'channel', channel: 'C11', text: 'stop', threadTs: mention.event.ts }));
    await s.channel!.idle();
    const last = s.fake.callsTo('chat.stopStream').at(-1)!;
    expect((last.args.chunks as { text?: string }[]).map((c) => c.text).join('')).toContain('_Stopped._');
    const { rows } = await s.t.parley.store.db.pool.query(
      `SELECT r.status FROM runs r JOIN slack_threads t ON t.conversation_id = r.conversation_id WHERE t.channel_id = 'C11'`,
    );
    expect(rows).toEqual([{ status: 'cancelled' }]);
  });

  it('splits an answer longer than one Slack message across streamed messages', async () => {
    const long = words(2600); // ~20,000 characters
    s.mock.enqueue({ text: long });
    await s.feed(appMention({ text: 'write a lot' }));
    await s.channel!.idle();
    const starts = s.fake.callsTo('chat.startStream');
    const stops = s.fake.callsTo('chat.stopStream');
    expect(starts.length).toBe(2);
    expect(stops.length).toBe(2);
    // Each message stays within the limit; together they hold every word.
    const perMessage: number[] = [];
    let all = '';
    for (const c of s.fake.calls.filter((x) => x.method.endsWith('Stream'))) {
      if (c.method === 'chat.startStream') perMessage.push(0);
      const text = ((c.args.chunks as { type: string; text?: string }[]) ?? []).map((k) => k.text ?? '').join('');
      all += text;
      perMessage[perMessage.length - 1] += text.length;
    }
    expect(perMessage).toHaveLength(2);
    for (const n of perMessage) expect(n).toBeLessThanOrEqual(12_000);
    expect(all.split(/\s+/).filter(Boolean)).toEqual(long.split(' '));
  });
});
