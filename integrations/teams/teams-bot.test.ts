import { RestError } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatModel } from '../../agent/models/index';
import { tokenize } from '../../agent/testing/mock-model-server';
import { STORE_BACKENDS } from '../../server/testing/databases';
import { startTestParley, type TestParley } from '../../server/testing/harness';
import { createTeamsChannel, type TeamsChannel } from './index';
import { notConnected } from './bot';
import { REMOVED_MEMBER_REPLY } from '../../server/bindings/platform-bindings';
import { bindTeamsTenant } from './testing/bind';
import { renderTestPng, sampleChartTool, sampleTableTool, teamsMessage, TENANT } from './testing/fixtures';
import { ProactiveTestAdapter, streamInfoOf } from './testing/proactive-test-adapter';

const STREAM_INTERVAL_MS = 60;

describe.each(STORE_BACKENDS)('Parley as a Teams bot on %s', (backend) => {
  let t: TestParley;
  let teams: TeamsChannel;
  let n = 0;

  beforeAll(async () => {
    t = await startTestParley({
      backend,
      env: { MicrosoftAppId: 'test-app-id', MicrosoftAppPassword: 'test-app-secret' },
      configure: (deps) => {
        const tools = [...(deps.tools ?? []), sampleTableTool, sampleChartTool];
        return {
          ...deps,
          tools,
          model: createChatModel(deps.config.model, tools),
          channels: [
            (ctx) => (teams = createTeamsChannel({ renderChartPng: renderTestPng, streamIntervalMs: STREAM_INTERVAL_MS, typingIntervalMs: 50, maxMessageChars: 2000 })(ctx) as TeamsChannel),
          ],
        };
      },
    });
    await bindTeamsTenant(t.parley.store.db.pool);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  /** Sends a Teams message through botbuilder's adapter to the real bot, and waits for the whole reply. */
  async function say(adapter: ProactiveTestAdapter, activity: ReturnType<typeof teamsMessage>) {
    await adapter.processActivity(activity, (ctx) => teams.bot.run(ctx));
    await teams.bot.idle();
  }
  const fresh = () => new ProactiveTestAdapter();
  const personal = (text: string, conversationId = `a:personal-${++n}`) => teamsMessage({ text, conversationId, conversationType: 'personal' });

  async function mapped(conversationId: string) {
    const { rows } = await t.parley.store.db.pool.query(
      'SELECT conversation_id, conversation_type, reply_chain_id FROM teams_conversations WHERE tenant_id = $1 AND teams_conversation_id = $2',
      [TENANT, conversationId],
    );
    return rows[0] as { conversation_id: string; conversation_type: string; reply_chain_id: string | null } | undefined;
  }

  it('streams a 1:1 answer: informative update, chunks with growing text and rising streamSequence, then the final message', async () => {
    const answer = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    t.mock!.enqueue({ text: answer, tokenDelayMs: 8 });
    const adapter = fresh();
    await say(adapter, personal('how are sales?'));

    const sent = adapter.sent.map((s) => s.activity);
    const first = adapter.sent[0];
    expect(first.activity.type).toBe('typing');
    expect(streamInfoOf(first.activity)).toMatchObject({ type: 'streaminfo', streamType: 'informative', streamSequence: 1 });
    const streamId = first.id;
    expect(streamId).toBeTruthy();

    const chunks = sent.filter((a) => streamInfoOf(a)?.streamType === 'streaming');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    // Coalesced: fewer requests than the model streamed tokens.
    expect(chunks.length).toBeLessThan(tokenize(answer).length);
    for (const [i, c] of chunks.entries()) {
      expect(c.type).toBe('typing');
      expect(streamInfoOf(c)?.streamId).toBe(streamId);
      if (i === 0) continue;
      const prev = chunks[i - 1];
      expect(streamInfoOf(c)!.streamSequence!).toBeGreaterThan(streamInfoOf(prev)!.streamSequence!);
      expect(c.text!.length).toBeGreaterThan(prev.text!.length);
      expect(c.text!.startsWith(prev.text!)).toBe(true);
    }
    expect(streamInfoOf(chunks[0])!.streamSequence).toBe(2);

    const final = sent.at(-1)!;
    expect(final.type).toBe('message');
    expect(streamInfoOf(final)).toMatchObject({ streamType: 'final', streamId });
    expect(final.text).toBe(answer);
    expect(final.text!.startsWith(chunks.at(-1)!.text!)).toBe(true);
    expect(sent.filter((a) => a.type === 'message')).toHaveLength(1);
  });

  it('keeps one Parley conversation per Teams chat, for one Parley user per Teams user', async () => {
    const chat = `a:personal-memory-${++n}`;
    t.mock!.enqueue({ text: 'First answer.' }, { text: 'Second answer.' });
    const adapter = fresh();
    await say(adapter, personal('first question', chat));
    await say(adapter, personal('second question', chat));

    const link = await mapped(chat);
    expect(link).toMatchObject({ conversation_type: 'personal', reply_chain_id: null });
    const conv = await t.parley.store.db.pool.query('SELECT channel, user_id FROM conversations WHERE id = $1', [link!.conversation_id]);
    expect(conv.rows[0].channel).toBe('teams');
    const user = await t.parley.store.db.pool.query(
      `SELECT u.display_name, u.role, u.source, u.workspace_id FROM teams_users tu JOIN users u ON u.id = tu.user_id WHERE tu.tenant_id = $1 AND tu.teams_user_id = 'aad-dana'`,
      [TENANT],
    );
    // Teams would not say who Dana is (no member lookup answered): a Teams user of the bound workspace, with its default role.
    expect(user.rows).toEqual([{ display_name: 'Dana Manager', role: 'analyst', source: 'teams', workspace_id: 'local' }]);
    expect(conv.rows[0].user_id).toMatch(/^teams-/);
    const messages = await t.parley.store.conversations.messages(link!.conversation_id);
    expect(messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'first question'],
      ['assistant', 'First answer.'],
      ['user', 'second question'],
      ['assistant', 'Second answer.'],
    ]);
    // The model saw the first exchange when answering the second question.
    const lastRequest = t.mock!.requests.at(-1)!.body.messages.map((m) => m.content);
    expect(lastRequest).toEqual(expect.arrayContaining(['first question', 'First answer.', 'second question']));
  });

  it('sends a table as an Adaptive Card Table of its first 30 rows with a working CSV download link', async () => {
    t.mock!.enqueue({ toolCalls: [{ name: 'sample_table', args: { rows: 45 } }] }, { text: 'Here are the 45 rows.' });
    const adapter = fresh();
    await say(adapter, personal('show me the sample rows'));

    const final = adapter.sent.map((s) => s.activity).at(-1)!;
    expect(streamInfoOf(final)?.streamType).toBe('final');
    expect(final.text).toBe('Here are the 45 rows.');
    const cardAttachment = final.attachments?.[0];
    expect(cardAttachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = cardAttachment!.content as { body: { type: string; rows?: { cells: { items: { text: string }[] }[] }[]; text?: string }[]; actions: { type: string; url: string }[] };
    const table = card.body.find((b) => b.type === 'Table')!;
    const cellTexts = table.rows!.map((r) => r.cells.map((c) => c.items[0].text));
    expect(cellTexts).toHaveLength(31);
    expect(cellTexts[0]).toEqual(['n', 'label', 'amount']);
    expect(cellTexts[1]).toEqual(['1', 'item 1', '$1.50']);
    expect(cellTexts[30]).toEqual(['30', 'item 30', '$45.00']);
    expect(card.body.some((b) => b.type === 'TextBlock' && b.text?.includes('Showing 30 of 45 rows'))).toBe(true);

    const download = card.actions.find((a) => a.type === 'Action.OpenUrl')!;
    expect(download.url.startsWith(`${t.url}/api/downloads/artifacts/`)).toBe(true);
    const res = await fetch(download.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(46);
    expect(lines[0]).toBe('n,label,amount');
    expect(lines[45]).toBe('45,item 45,67.5');
  });

  it('sends a chart as a card whose image is a PNG rendered by the server', async () => {
    t.mock!.enqueue({ toolCalls: [{ name: 'sample_chart', args: {} }] }, { text: 'Here is the chart.' });
    const adapter = fresh();
    await say(adapter, personal('chart sales by region'));

    const final = adapter.sent.map((s) => s.activity).at(-1)!;
    const card = final.attachments![0].content as { body: { type: string; url?: string; text?: string }[] };
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Sales by region' });
    const image = card.body.find((b) => b.type === 'Image')!;
    const res = await fetch(image.url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    const forged = new URL(image.url!);
    forged.searchParams.set('expires', String(Number(forged.searchParams.get('expires')) + 1));
    expect((await fetch(forged)).status).toBe(403);
  });

  it('splits an answer longer than one message, streaming only what the first message holds', async () => {
    const paragraph = (i: number) => `Paragraph ${i}: ${'words '.repeat(50).trim()}.`;
    const answer = Array.from({ length: 9 }, (_, i) => paragraph(i)).join('\n\n');
    t.mock!.enqueue({ text: answer });
    const adapter = fresh();
    await say(adapter, personal('tell me everything'));

    const sent = adapter.sent.map((s) => s.activity);
    const messages = sent.filter((a) => a.type === 'message');
    expect(messages.length).toBeGreaterThan(1);
    expect(streamInfoOf(messages[0])?.streamType).toBe('final');
    for (const m of messages) expect(m.text!.length).toBeLessThanOrEqual(2000);
    for (const c of sent.filter((a) => streamInfoOf(a)?.streamType === 'streaming')) {
      expect(c.text!.length).toBeLessThanOrEqual(2000);
      expect(messages[0].text!.startsWith(c.text!)).toBe(true);
    }
    // Nothing lost or repeated across the split.
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    expect(words(messages.map((m) => m.text).join(' '))).toEqual(words(answer));
  });

  it.each([
    ['a group chat', 'groupChat', `19:group-${Math.random().toString(36).slice(2)}@thread.v2`, null],
    ['a channel reply chain', 'channel', `19:channel-${Math.random().toString(36).slice(2)}@thread.tacv2;messageid=1700000000123`, '1700000000123'],
  ] as const)('in %s answers an @mention with a typing indicator and one message, and ignores other messages', async (_name, type, conversationId, replyChain) => {
    const adapter = fresh();
    const before = t.mock!.requests.length;
    await say(adapter, teamsMessage({ text: 'just chatting among ourselves', conversationId, conversationType: type }));
    expect(adapter.sent).toEqual([]);
    expect(t.mock!.requests.length).toBe(before);

    t.mock!.enqueue({ text: 'There are three regions.', tokenDelayMs: 30 });
    await say(adapter, teamsMessage({ text: 'how many regions are there?', conversationId, conversationType: type, mention: true }));
    const sent = adapter.sent.map((s) => s.activity);
    expect(sent[0].type).toBe('typing');
    expect(sent.some((a) => streamInfoOf(a))).toBe(false);
    const messages = sent.filter((a) => a.type === 'message');
    expect(messages.map((m) => m.text)).toEqual(['There are three regions.']);
    expect(sent.at(-1)).toBe(messages[0]);
    // The mention is not part of the question the model sees.
    const asked = t.mock!.requests.at(-1)!.body.messages.filter((m) => m.role === 'user').at(-1)!;
    expect(asked.content).toBe('how many regions are there?');
    expect(await mapped(conversationId)).toMatchObject({ conversation_type: type, reply_chain_id: replyChain });
  });

  it('cancels the run when Teams reports that the user stopped the stream', async () => {
    t.mock!.enqueue({ text: 'word '.repeat(400), tokenDelayMs: 10 });
    const adapter = fresh();
    const stopped = new RestError('Content stream was cancelled by user.', { code: 'ContentStreamNotAllowed', statusCode: 403 });
    adapter.refuse = (a, sent) => (streamInfoOf(a)?.streamType === 'streaming' && sent.filter((s) => streamInfoOf(s.activity)?.streamType === 'streaming').length >= 2 ? stopped : undefined);
    const chat = `a:personal-stop-${++n}`;
    await say(adapter, personal('a very long answer please', chat));

    const aborted = await t.mock!.waitForAbort();
    expect(aborted.body.messages.at(-1)?.content).toBe('a very long answer please');
    const link = await mapped(chat);
    const run = await t.parley.store.runs.latest(link!.conversation_id);
    expect(run?.status).toBe('cancelled');
    const events = await t.parley.store.runs.events(run!.id);
    expect(events.at(-1)?.type).toBe('run:cancelled');
    // Nothing is sent after Teams said stop: no final message, no further chunks.
    const refusedAt = adapter.sent.findIndex((s) => s.refused);
    expect(refusedAt).toBeGreaterThan(0);
    expect(adapter.sent.slice(refusedAt + 1)).toEqual([]);
    expect(adapter.sent.some((s) => s.activity.type === 'message')).toBe(false);
  });

  it('still delivers the answer as a message when Teams refuses the stream for another reason', async () => {
    // Long enough in time that at least one streaming chunk is sent (and refused), whatever the machine's load.
    const answer = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    t.mock!.enqueue({ text: answer, tokenDelayMs: 40 });
    const adapter = fresh();
    const refused = new RestError('Content stream finished due to exceeded streaming time.', { code: 'ContentStreamNotAllowed', statusCode: 403 });
    adapter.refuse = (a) => (streamInfoOf(a)?.streamType === 'streaming' ? refused : undefined);
    await say(adapter, personal('quick one'));
    expect(adapter.sent.some((s) => s.refused)).toBe(true);
    const messages = adapter.sent.filter((s) => !s.refused && s.activity.type === 'message').map((s) => s.activity);
    expect(messages.map((m) => m.text)).toEqual([answer]);
    expect(streamInfoOf(messages[0])).toBeUndefined();
  });

  it('answers a message that is too long with what to do, without starting a run', async () => {
    const adapter = fresh();
    const before = t.mock!.requests.length;
    await say(adapter, personal('x'.repeat(20_001)));
    expect(adapter.sent.map((s) => s.activity.text)).toEqual(['That message is too long for me: text must be at most 20,000 characters. Please shorten it and ask again.']);
    expect(t.mock!.requests.length).toBe(before);
  });

  it('says the model failed, in the reply, when the run ends in an error', async () => {
    t.mock!.enqueue({ status: 400, body: { error: { message: 'secret upstream detail' } } });
    const adapter = fresh();
    await say(adapter, personal('this will fail'));
    const final = adapter.sent.at(-1)!.activity;
    expect(streamInfoOf(final)?.streamType).toBe('final');
    expect(final.text).toContain('⚠️');
    expect(final.text).not.toContain('secret upstream detail');
  });

  it('answers a tenant no admin has connected with one line saying how, creating and running nothing; unmentioned group messages stay unanswered', async () => {
    const other = '0b8f4c2e-1d3a-4e5f-8a9b-7c6d5e4f3a21';
    const count = async () =>
      (await t.parley.store.db.pool.query(`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM workspaces) + (SELECT count(*) FROM conversations) + (SELECT count(*) FROM teams_users) + (SELECT count(*) FROM teams_conversations) AS n`)).rows[0].n;
    const before = await count();
    const requests = t.mock!.requests.length;
    const adapter = fresh();
    adapter.members.set('29:user-dana', { id: '29:user-dana', name: 'Dana Manager', aadObjectId: 'aad-dana', email: 'dana@contoso.example' } as never);
    await say(adapter, teamsMessage({ text: 'how are sales?', conversationId: 'a:personal-unbound', conversationType: 'personal', tenantId: other }));
    await say(adapter, teamsMessage({ text: 'chatting', conversationId: '19:unbound-group@thread.v2', conversationType: 'groupChat', tenantId: other }));
    expect(adapter.sent.map((s) => s.activity.text)).toEqual([notConnected(other)]);
    expect(notConnected(other)).toBe(`This Microsoft Teams organisation is not connected to Parley yet. A Parley admin can connect it in Parley's Members page with tenant id ${other}.`);
    expect(adapter.lookups).toEqual([]);
    expect(t.mock!.requests.length).toBe(requests);
    expect(await count()).toBe(before);
  });

  it('acts as the account whose email Teams gives, with its role, and refuses them once removed', async () => {
    const lee = await t.member('viewer', { email: 'Lee.Park@contoso.example', name: 'Lee Park' });
    const adapter = fresh();
    const from = { id: '29:user-lee', aadObjectId: 'aad-lee', name: 'Lee Park' };
    adapter.members.set(from.id, { ...from, email: 'lee.park@contoso.example', userPrincipalName: 'lee.park@contoso.example' } as never);
    t.mock!.enqueue({ text: 'Hello Lee.' });
    const chat = `a:personal-lee-${++n}`;
    await say(adapter, teamsMessage({ text: 'hi', conversationId: chat, conversationType: 'personal', user: from }));
    expect(adapter.sent.at(-1)!.activity.text).toBe('Hello Lee.');
    expect(adapter.lookups).toEqual([from.id]);
    const conv = await t.parley.store.db.pool.query('SELECT user_id FROM conversations WHERE id = $1', [(await mapped(chat))!.conversation_id]);
    expect(conv.rows).toEqual([{ user_id: lee.user.id }]);
    // The web app shows Lee the Teams conversation as Lee's own.
    const mine = await (await lee.fetch('/api/conversations')).json();
    expect(mine.data.map((c: { channel: string }) => c.channel)).toContain('teams');

    expect((await t.fetch(`/api/members/${lee.user.id}`, { method: 'DELETE' })).status).toBe(204);
    const later = fresh();
    const requests = t.mock!.requests.length;
    await say(later, teamsMessage({ text: 'still here?', conversationId: chat, conversationType: 'personal', user: from }));
    expect(later.sent.map((s) => s.activity.text)).toEqual([REMOVED_MEMBER_REPLY]);
    expect(t.mock!.requests.length).toBe(requests);
  });

  it('answers a tenant once an admin connects it, with its default role, and stops when they disconnect it', async () => {
    const tenant = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
    const api = (method: string, path: string, body?: unknown) => t.fetch(`/api${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    expect((await api('POST', '/integrations/teams-tenants', { tenantId: tenant, defaultRole: 'viewer' })).status).toBe(201);
    const from = { id: '29:user-ola', aadObjectId: 'aad-ola', name: 'Ola' };
    t.mock!.enqueue({ text: 'Connected.' });
    const adapter = fresh();
    await say(adapter, teamsMessage({ text: 'are you there?', conversationId: 'a:personal-ola', conversationType: 'personal', user: from, tenantId: tenant }));
    expect(adapter.sent.at(-1)!.activity.text).toBe('Connected.');
    const user = await t.parley.store.db.pool.query(
      `SELECT u.role, u.source, u.workspace_id FROM teams_users tu JOIN users u ON u.id = tu.user_id WHERE tu.tenant_id = $1 AND tu.teams_user_id = 'aad-ola'`,
      [tenant],
    );
    expect(user.rows).toEqual([{ role: 'viewer', source: 'teams', workspace_id: 'local' }]);

    expect((await api('DELETE', `/integrations/teams-tenants/${tenant}`)).status).toBe(204);
    const later = fresh();
    const requests = t.mock!.requests.length;
    await say(later, teamsMessage({ text: 'and now?', conversationId: 'a:personal-ola', conversationType: 'personal', user: from, tenantId: tenant }));
    expect(later.sent.map((s) => s.activity.text)).toEqual([notConnected(tenant)]);
    expect(t.mock!.requests.length).toBe(requests);
  });
});
