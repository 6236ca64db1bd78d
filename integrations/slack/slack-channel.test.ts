import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../server/testing/databases';
import { notConnected, REFUSED, REMOVED_MEMBER, SUGGESTED_PROMPTS, USAGE } from './slack-handlers';
import { TABLE_MAX_ROWS } from './table-blocks';
import type { RecordedCall } from './testing/fake-slack-api';
import { appMention, assistantThreadStarted, message, slashCommand } from './testing/payloads';
import { startSlackParley, type SlackParley } from './testing/slack-harness';

type Chunk = { type: string; text?: string; id?: string; status?: string; title?: string; output?: string };
const STREAM_METHODS = ['chat.startStream', 'chat.appendStream', 'chat.stopStream'];

function chunksOf(calls: RecordedCall[]): Chunk[] {
  return calls.filter((c) => STREAM_METHODS.includes(c.method)).flatMap((c) => (c.args.chunks as Chunk[] | undefined) ?? []);
}
const streamedText = (calls: RecordedCall[]) => chunksOf(calls).filter((c) => c.type === 'markdown_text').map((c) => c.text).join('');

async function rows<T>(s: SlackParley, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await s.t.parley.store.db.pool.query(sql, params)).rows as T[];
}

describe.each(STORE_BACKENDS)('Slack channel over the real runtime (%s)', (backend) => {
  let s: SlackParley;
  beforeAll(async () => {
    // T7 and T8 are allowed but not (yet) connected to a workspace by an admin.
    s = await startSlackParley({ backend, env: { SLACK_ALLOWED_TEAMS: 'T1, T7, T8, T9' }, teams: ['T1', 'T9'] });
  });
  afterAll(async () => {
    await s?.destroy();
  });
  beforeEach(() => s.fake.reset());

  it('answers a channel mention in a thread with native streaming: tool step as a task, then text, then the table', async () => {
    s.mock.enqueue({ toolCalls: [{ name: 'monthly_revenue', args: { months: 3 } }] }, { text: 'Revenue rose every month, from $1,000.50 in month 1 to $3,000.50 in month 3.' });
    const mention = appMention({ text: 'how did revenue do by month?', channel: 'C1', user: 'U1' });
    const acks = await s.feed(mention);
    expect(acks).toEqual([null]);
    await s.channel!.idle();

    const calls = s.fake.calls;
    const stream = calls.filter((c) => STREAM_METHODS.includes(c.method));
    expect(stream[0].method).toBe('chat.startStream');
    expect(stream.at(-1)!.method).toBe('chat.stopStream');
    expect(stream.slice(1, -1).every((c) => c.method === 'chat.appendStream')).toBe(true);
    // Answered in a thread under the mention, to the person who asked.
    expect(stream[0].args).toMatchObject({ channel: 'C1', thread_ts: mention.event.ts, recipient_team_id: 'T1', recipient_user_id: 'U1' });
    const ts = stream[0].args.ts ?? null;
    expect(ts).toBeNull();
    for (const c of stream.slice(1)) expect(c.args.ts).toBeTruthy();

    // The tool call shows as one task that goes from in progress to complete, before the words.
    const chunks = chunksOf(calls);
    const tasks = chunks.filter((c) => c.type === 'task_update');
    expect(tasks.map((c) => c.status)).toEqual(['in_progress', 'complete']);
    expect(new Set(tasks.map((c) => c.id)).size).toBe(1);
    expect(tasks[0].title).toBe('Monthly revenue');
    expect(tasks[1].output).toBe('3 months of revenue');
    expect(chunks.findIndex((c) => c.type === 'task_update')).toBeLessThan(chunks.findIndex((c) => c.type === 'markdown_text'));
    expect(streamedText(calls)).toBe('Revenue rose every month, from $1,000.50 in month 1 to $3,000.50 in month 3.');

    // The table comes after the streamed answer, as a table block in the same thread.
    const stopAt = calls.indexOf(stream.at(-1)!);
    const tablePost = calls.findIndex((c, i) => i > stopAt && c.method === 'chat.postMessage');
    expect(tablePost).toBeGreaterThan(stopAt);
    const post = calls[tablePost].args as { thread_ts: string; blocks: { type: string; rows?: { type: string; text: string; value?: number }[][] }[] };
    expect(post.thread_ts).toBe(mention.event.ts);
    const table = post.blocks.find((b) => b.type === 'table')!;
    expect(table.rows!.map((r) => r.map((c) => c.text))).toEqual([
      ['month', 'revenue'],
      ['1', '$1,000.50'],
      ['2', '$2,000.50'],
      ['3', '$3,000.50'],
    ]);
    expect(table.rows![1][1]).toMatchObject({ type: 'raw_number', value: 1000.5 });
    expect(s.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);

    // The asker became a Slack user of the workspace the team is bound to, named from users.info,
    // with the binding's default role, and the run was theirs.
    const users = await rows<{ id: string; display_name: string; email: string; workspace_id: string; role: string; source: string }>(
      s,
      `SELECT u.id, u.display_name, u.email, u.workspace_id, u.role, u.source FROM slack_users su JOIN users u ON u.id = su.user_id WHERE su.team_id = 'T1' AND su.slack_user_id = 'U1'`,
    );
    expect(users).toEqual([{ id: expect.any(String), display_name: 'Person U1', email: 'u1@example.com', workspace_id: 'local', role: 'analyst', source: 'slack' }]);
    expect(s.sends.at(-1)).toMatchObject({ workspaceId: 'local', userId: users[0].id, role: 'analyst', channel: 'slack' });
  });

  it('continues the same conversation for a follow-up in the thread, without a second mention', async () => {
    s.mock.enqueue({ text: 'March was the best month.' });
    const first = appMention({ text: 'which month was best?', channel: 'C2', user: 'U2' });
    await s.feed(first);
    await s.channel!.idle();
    s.mock.enqueue({ text: 'March had 31 days of sales.' });
    // Someone else replies in the thread: same conversation, their own Parley user.
    await s.feed(message({ channelType: 'channel', channel: 'C2', user: 'U3', text: 'why March?', threadTs: first.event.ts }));
    await s.channel!.idle();

    const links = await rows<{ conversation_id: string }>(s, `SELECT conversation_id FROM slack_threads WHERE channel_id = 'C2'`);
    expect(links).toHaveLength(1);
    const msgs = await rows<{ role: string; text: string }>(s, `SELECT role, text FROM messages WHERE conversation_id = $1 ORDER BY created_at`, [links[0].conversation_id]);
    expect(msgs).toEqual([
      { role: 'user', text: 'which month was best?' },
      { role: 'assistant', text: 'March was the best month.' },
      { role: 'user', text: 'why March?' },
      { role: 'assistant', text: 'March had 31 days of sales.' },
    ]);
    // The model saw the earlier turn when answering the follow-up.
    const lastRequest = s.mock.requests.at(-1)!.body.messages.map((m) => m.content).join('\n');
    expect(lastRequest).toContain('which month was best?');
    expect(s.fake.callsTo('chat.startStream').map((c) => c.args.thread_ts)).toEqual([first.event.ts, first.event.ts]);

    // A reply in a thread Parley never answered is left alone.
    const before = s.mock.requests.length;
    await s.feed(message({ channelType: 'channel', channel: 'C2', user: 'U3', text: 'unrelated chatter', threadTs: '1599999999.000001' }));
    await s.channel!.idle();
    expect(s.mock.requests.length).toBe(before);
  });

  it('answers a direct message in a thread under it, and the Messages tab with suggested prompts and a status', async () => {
    await s.feed(assistantThreadStarted({ channel: 'D7', threadTs: '1650000000.000100' }));
    expect(s.fake.callsTo('assistant.threads.setSuggestedPrompts')[0].args).toMatchObject({ channel_id: 'D7', thread_ts: '1650000000.000100', prompts: SUGGESTED_PROMPTS });

    s.mock.enqueue({ text: 'Hello from Parley.' });
    await s.feed(message({ channelType: 'im', channel: 'D7', text: 'hi there', threadTs: '1650000000.000100' }));
    await s.channel!.idle();
    expect(s.fake.callsTo('assistant.threads.setStatus')[0].args).toMatchObject({ channel_id: 'D7', thread_ts: '1650000000.000100', status: 'is thinking…' });
    expect(s.fake.callsTo('chat.startStream')[0].args).toMatchObject({ channel: 'D7', thread_ts: '1650000000.000100' });
    expect(streamedText(s.fake.calls)).toBe('Hello from Parley.');

    s.fake.reset();
    s.mock.enqueue({ text: 'A plain DM answer.' });
    const dm = message({ channelType: 'im', channel: 'D8', text: 'plain dm question' });
    await s.feed(dm);
    await s.channel!.idle();
    expect(s.fake.callsTo('chat.startStream')[0].args).toMatchObject({ channel: 'D8', thread_ts: dm.event.ts });
    expect(streamedText(s.fake.calls)).toBe('A plain DM answer.');
  });

  it('/parley posts the question in the channel and answers in its thread; an empty /parley shows usage', async () => {
    s.mock.enqueue({ text: 'Slash answer.' });
    const acks = await s.feed(slashCommand({ text: 'revenue last month?', channel: 'C5', user: 'U5', responseUrl: `${s.fake.url}/respond/1` }));
    expect(acks).toEqual([null]);
    await s.channel!.idle();
    const question = s.fake.callsTo('chat.postMessage')[0];
    expect(question.args).toMatchObject({ channel: 'C5', text: '<@U5> asked: revenue last month?' });
    expect(question.args.thread_ts).toBeUndefined();
    const start = s.fake.callsTo('chat.startStream')[0];
    expect(start.args.channel).toBe('C5');
    // The thread is the question the bot posted (its ts came back from chat.postMessage).
    const link = await rows<{ thread_ts: string }>(s, `SELECT thread_ts FROM slack_threads WHERE channel_id = 'C5'`);
    expect(start.args.thread_ts).toBe(link[0].thread_ts);
    expect(streamedText(s.fake.calls)).toBe('Slash answer.');

    expect(await s.feed(slashCommand({ text: '  ', responseUrl: `${s.fake.url}/respond/2` }))).toEqual([{ response_type: 'ephemeral', text: USAGE }]);
  });

  it('quotes a /parley question safely and refuses one longer than Parley takes, in the thread', async () => {
    await s.feed(slashCommand({ text: `<!channel> ${'x'.repeat(20_001)}`, channel: 'C10', responseUrl: `${s.fake.url}/respond/4` }));
    await s.channel!.idle();
    const [question, refusal] = s.fake.callsTo('chat.postMessage');
    expect(String(question.args.text).startsWith('<@U1> asked: &lt;!channel&gt; xxx')).toBe(true);
    expect(refusal.args).toMatchObject({ channel: 'C10', text: ':warning: Parley could not take this question: text must be at most 20,000 characters.' });
    expect(s.fake.callsTo('chat.startStream')).toHaveLength(0);
  });

  it('refuses a team that is not on SLACK_ALLOWED_TEAMS: no user, no run, nothing posted', async () => {
    const requests = s.mock.requests.length;
    const acks = await s.feed(slashCommand({ team: 'T666', text: 'let me in', responseUrl: `${s.fake.url}/respond/3` }));
    expect(acks).toEqual([{ response_type: 'ephemeral', text: REFUSED }]);
    await s.feed(appMention({ team: 'T666', text: 'hello?' }));
    await s.feed(message({ team: 'T666', channelType: 'im', text: 'hello?' }));
    await s.channel!.idle();
    expect(s.mock.requests.length).toBe(requests);
    expect(s.fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(await rows(s, `SELECT * FROM slack_teams WHERE team_id = 'T666'`)).toEqual([]);
    expect(s.logs.some((l) => l.msg === 'refused a Slack request from a team that is not on SLACK_ALLOWED_TEAMS' && l.team === 'T666')).toBe(true);
  });

  it('attaches a CSV when a table has more rows than a table block holds', async () => {
    s.mock.enqueue({ toolCalls: [{ name: 'monthly_revenue', args: { months: 150 } }] }, { text: 'Here are 150 months.' });
    await s.feed(appMention({ text: 'all months please', team: 'T9', user: 'U9' }));
    await s.channel!.idle();
    const post = s.fake.callsTo('chat.postMessage').find((c) => Array.isArray(c.args.blocks))!;
    const table = (post.args.blocks as { type: string; rows?: unknown[][] }[]).find((b) => b.type === 'table')!;
    expect(table.rows).toHaveLength(TABLE_MAX_ROWS);
    expect(String(post.args.text)).toContain(`Showing ${TABLE_MAX_ROWS - 1} of 150 rows`);
    expect(s.fake.callsTo('files.getUploadURLExternal')[0].args.filename).toBe('revenue-by-month.csv');
    const csv = s.fake.uploads[0].bytes.toString('utf8').trim().split('\r\n');
    expect(csv).toHaveLength(151);
    expect(csv[0]).toBe('month,revenue');
    expect(csv[150]).toBe('150,150000.5');
    expect(s.fake.callsTo('files.completeUploadExternal')[0].args).toMatchObject({ channel_id: 'C1', thread_ts: post.args.thread_ts });
  });

  it('uploads a chart as a PNG rendered on the server', async () => {
    s.mock.enqueue({ toolCalls: [{ name: 'revenue_chart', args: { months: 4 } }] }, { text: 'Chart attached.' });
    const mention = appMention({ text: 'chart revenue', channel: 'C3' });
    await s.feed(mention);
    await s.channel!.idle();
    expect(s.fake.uploads).toHaveLength(1);
    const png = s.fake.uploads[0].bytes;
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(s.fake.uploads[0].filename).toBe('revenue-by-month.png');
    expect(s.fake.callsTo('files.completeUploadExternal')[0].args).toMatchObject({ channel_id: 'C3', thread_ts: mention.event.ts });
    // Uploaded after the streamed answer closed.
    const order = s.fake.calls.map((c) => c.method);
    expect(order.indexOf('files.getUploadURLExternal')).toBeGreaterThan(order.indexOf('chat.stopStream'));
  });

  it('answers a team no admin has connected with one line saying how, and creates and runs nothing', async () => {
    const count = async () =>
      (await rows<{ n: number }>(s, `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM workspaces) + (SELECT count(*) FROM conversations) + (SELECT count(*) FROM slack_users) + (SELECT count(*) FROM slack_teams) AS n`))[0].n;
    const before = await count();
    const requests = s.mock.requests.length;
    const sends = s.sends.length;
    const mention = appMention({ team: 'T7', user: 'U70', channel: 'C70', text: 'what is revenue?' });
    await s.feed(mention);
    await s.feed(message({ team: 'T7', user: 'U70', channelType: 'im', channel: 'D70', text: 'hello?' }));
    await s.channel!.idle();
    expect(s.fake.callsTo('chat.postMessage').map((c) => c.args)).toEqual([
      expect.objectContaining({ channel: 'C70', thread_ts: mention.event.ts, text: notConnected('T7') }),
      expect.objectContaining({ channel: 'D70', text: notConnected('T7') }),
    ]);
    expect(notConnected('T7')).toBe("This Slack workspace is not connected to Parley yet. A Parley admin can connect it in Parley's Members page with team id T7.");
    // /parley does not even post the question in the channel.
    const acks = await s.feed(slashCommand({ team: 'T7', user: 'U70', channel: 'C71', text: 'revenue?', responseUrl: `${s.fake.url}/respond/7` }));
    expect(acks).toEqual([{ response_type: 'ephemeral', text: notConnected('T7') }]);
    // Bolt's own auth.test aside, Slack was asked nothing: not even who the person is.
    expect(s.fake.calls.filter((c) => !['chat.postMessage', 'auth.test'].includes(c.method)).map((c) => c.method)).toEqual([]);
    expect(s.fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(s.mock.requests.length).toBe(requests);
    expect(s.sends.length).toBe(sends);
    expect(await count()).toBe(before);
  });

  it('acts as the account with the same email, with that member\'s own role, and refuses them once removed', async () => {
    // A viewer of the local workspace whose Slack profile (the fake's users.info) has their address.
    const uma = await s.t.member('viewer', { email: 'U21@example.com', name: 'Uma' });
    s.mock.enqueue({ text: 'Viewers may ask.' });
    await s.feed(appMention({ user: 'U21', channel: 'C21', text: 'how many orders?' }));
    await s.channel!.idle();
    expect(s.sends.at(-1)).toMatchObject({ workspaceId: 'local', userId: uma.user.id, role: 'viewer' });
    expect(streamedText(s.fake.calls)).toBe('Viewers may ask.');
    const link = await rows<{ user_id: string }>(s, `SELECT c.user_id FROM slack_threads st JOIN conversations c ON c.id = st.conversation_id WHERE st.channel_id = 'C21'`);
    expect(link).toEqual([{ user_id: uma.user.id }]);
    expect(await rows(s, `SELECT id FROM users WHERE source = 'slack' AND lower(email) = 'u21@example.com'`)).toEqual([]);
    // Uma sees the Slack conversation in the web app as her own.
    const mine = await (await uma.fetch('/api/conversations')).json();
    expect(mine.data.map((c: { channel: string }) => c.channel)).toContain('slack');

    expect((await s.t.fetch(`/api/members/${uma.user.id}`, { method: 'DELETE' })).status).toBe(204);
    s.fake.reset();
    const sends = s.sends.length;
    await s.feed(appMention({ user: 'U21', channel: 'C21', text: 'still there?' }));
    await s.channel!.idle();
    expect(s.fake.callsTo('chat.postMessage').map((c) => c.args.text)).toEqual([REMOVED_MEMBER]);
    expect(s.fake.callsTo('chat.startStream')).toEqual([]);
    expect(s.sends.length).toBe(sends);
  });

  it('answers a team once an admin connects it (with its default role), and stops when they disconnect it', async () => {
    const api = (method: string, path: string, body?: unknown) =>
      s.t.fetch(`/api${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    expect((await api('POST', '/integrations/slack-teams', { teamId: 'T8', defaultRole: 'viewer' })).status).toBe(201);
    s.mock.enqueue({ text: 'Connected now.' });
    const first = appMention({ team: 'T8', user: 'U80', channel: 'C80', text: 'are you there?' });
    await s.feed(first);
    await s.channel!.idle();
    expect(streamedText(s.fake.calls)).toBe('Connected now.');
    const user = await rows<{ id: string; role: string; source: string; workspace_id: string }>(
      s,
      `SELECT u.id, u.role, u.source, u.workspace_id FROM slack_users su JOIN users u ON u.id = su.user_id WHERE su.team_id = 'T8' AND su.slack_user_id = 'U80'`,
    );
    expect(user).toEqual([{ id: expect.any(String), role: 'viewer', source: 'slack', workspace_id: 'local' }]);
    expect(s.sends.at(-1)).toMatchObject({ userId: user[0].id, role: 'viewer' });

    expect((await api('DELETE', '/integrations/slack-teams/T8')).status).toBe(204);
    s.fake.reset();
    const requests = s.mock.requests.length;
    // A follow-up in the thread Parley answered is no longer continued; a new mention hears how to reconnect.
    await s.feed(message({ team: 'T8', user: 'U80', channelType: 'channel', channel: 'C80', threadTs: first.event.ts, text: 'and now?' }));
    const again = appMention({ team: 'T8', user: 'U80', channel: 'C80', text: 'hello again' });
    await s.feed(again);
    await s.channel!.idle();
    expect(s.fake.calls.filter((c) => c.method !== 'auth.test').map((c) => [c.method, c.args.text])).toEqual([['chat.postMessage', notConnected('T8')]]);
    expect(s.mock.requests.length).toBe(requests);
  });
});
