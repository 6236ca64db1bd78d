import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../server/testing/databases';
import { SLACK_EVENTS_PATH } from './index';
import { appMention, slashCommand } from './testing/payloads';
import { startSlackParley, type SlackParley } from './testing/slack-harness';

const SECRET = 'test-signing-secret';

function signed(body: string, opts: { secret?: string; at?: number } = {}) {
  const ts = opts.at ?? Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', opts.secret ?? SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig };
}

describe.each(STORE_BACKENDS)('Slack over HTTP on Parley\'s own port (%s)', (backend) => {
  let s: SlackParley;
  beforeAll(async () => {
    // No app token: HTTP mode, served by the real receiver at /slack/events.
    s = await startSlackParley({ backend, transport: 'real', env: { SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: SECRET } });
  });
  afterAll(async () => {
    await s?.destroy();
  });

  const post = (body: string, headers: Record<string, string>, type = 'application/json') =>
    fetch(`${s.t.url}${SLACK_EVENTS_PATH}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });

  it('starts in HTTP mode and checks the bot token with auth.test', () => {
    expect(s.channel?.mode).toBe('http');
    expect(s.fake.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    { name: 'a wrong secret', headers: (b: string) => signed(b, { secret: 'not-the-secret' }) },
    { name: 'a stale timestamp', headers: (b: string) => signed(b, { at: Math.floor(Date.now() / 1000) - 60 * 60 }) },
    { name: 'no signature at all', headers: () => ({}) },
  ])('rejects a request with $name (401) and runs nothing', async ({ headers }) => {
    const body = JSON.stringify(appMention({ text: 'sneaky' }));
    const before = s.mock.requests.length;
    const res = await post(body, headers(body));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'slack:bad_signature' } });
    expect(s.mock.requests.length).toBe(before);
  });

  it('answers Slack\'s url_verification challenge', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'abc123', type: 'url_verification' });
    const res = await post(body, signed(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });

  it('acknowledges a signed mention at once and streams the answer into its thread', async () => {
    s.fake.reset();
    s.mock.enqueue({ text: 'Answered over HTTP.' });
    const mention = appMention({ text: 'over http?', channel: 'C77' });
    const body = JSON.stringify(mention);
    const res = await post(body, signed(body));
    expect(res.status).toBe(200);
    await s.channel!.idle();
    expect(s.fake.callsTo('chat.startStream')[0].args).toMatchObject({ channel: 'C77', thread_ts: mention.event.ts });
    const text = s.fake.calls.flatMap((c) => ((c.args.chunks as { text?: string }[]) ?? []).map((k) => k.text ?? '')).join('');
    expect(text).toBe('Answered over HTTP.');
  });

  it('takes a signed slash command as a form post; an empty one gets usage in the HTTP response', async () => {
    const form = new URLSearchParams(slashCommand({ text: '', responseUrl: `${s.fake.url}/respond/9` }) as unknown as Record<string, string>).toString();
    const res = await post(form, signed(form), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/parley') });
  });
});

describe('Slack with a token Slack rejects', () => {
  it('logs why and keeps Parley running without Slack', async () => {
    const s = await startSlackParley({ transport: 'real', env: { SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: SECRET }, before: (fake) => fake.respond('auth.test', { ok: false, error: 'invalid_auth' }) });
    try {
      const line = s.logs.find((l) => l.slackError === 'invalid_auth');
      expect(line?.msg).toMatch(/Slack could not start \(invalid_auth\); Parley runs without it\. Check SLACK_BOT_TOKEN/);
      expect(line?.slackRequestId).toBe(s.fake.callsTo('auth.test')[0].requestId);
      expect((await fetch(`${s.t.url}/healthz`)).status).toBe(200);
      const body = JSON.stringify(appMention({ text: 'anyone?' }));
      const res = await fetch(`${s.t.url}${SLACK_EVENTS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed(body) }, body });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'slack:not_running' } });
    } finally {
      await s.destroy();
    }
  });
});
