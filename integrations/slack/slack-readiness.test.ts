import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenWhileStarting } from '../../server/serve';
import { SLACK_EVENTS_PATH } from './index';
import { appMention } from './testing/payloads';
import { startSlackParley } from './testing/slack-harness';

const SECRET = 'test-signing-secret';
const HTTP_MODE = { SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: SECRET };

function signed(body: string) {
  const ts = Math.floor(Date.now() / 1000);
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}` };
}

async function readyz(url: string) {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status?: string; channels?: Record<string, string>; error?: { code: string; message: string } } };
}

function postEvent(url: string, event: object) {
  const body = JSON.stringify(event);
  return fetch(`${url}${SLACK_EVENTS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed(body) }, body });
}

describe('/readyz with Slack over HTTP', () => {
  it('is 503 while the Slack channel starts (and /slack/events refuses), and once it is 200 a signed event is taken', async () => {
    // The server listens early, as `npm start` does; Slack's start waits on auth.test, which this test holds.
    const early = await listenWhileStarting(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(early.address() as AddressInfo).port}`;
    expect(await readyz(url)).toMatchObject({ status: 503, body: { error: { code: 'starting' } } });

    let release!: () => void;
    const authHeld = new Promise<void>((r) => (release = r));
    let authAsked!: () => void;
    const authSeen = new Promise<void>((r) => (authAsked = r));
    const starting = startSlackParley({
      transport: 'real',
      env: HTTP_MODE,
      httpServer: early,
      before: (fake) =>
        fake.respond('auth.test', async () => {
          authAsked();
          await authHeld;
          return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'parley' };
        }),
    });
    await authSeen;
    const held = await readyz(url);
    expect(held.status).toBe(503);
    expect(held.body.error?.code).toBe('channel:not_ready');
    expect(held.body.error?.message).toMatch(/slack channel is starting/);
    // What /readyz says matches what Slack would get right now.
    const refused = await postEvent(url, appMention({ text: 'too early?' }));
    expect(refused.status).toBe(503);

    release();
    // Poll as a load balancer would; the first 200 must mean Slack's events are taken.
    let first;
    for (;;) {
      first = await readyz(url);
      if (first.status === 200) break;
      expect(first.body.error?.code).toBe('channel:not_ready');
      await new Promise((r) => setTimeout(r, 5));
    }
    const s = await starting;
    try {
      s.mock.enqueue({ text: 'Taken once ready.' });
      const res = await postEvent(url, appMention({ text: 'now?', channel: 'C9' }));
      expect(res.status).toBe(200);
      expect(first.body).toEqual({ status: 'ready', channels: { slack: 'ready' } });
      await s.channel!.idle();
      expect(s.fake.callsTo('chat.startStream')[0]?.args).toMatchObject({ channel: 'C9' });
    } finally {
      await s.destroy();
    }
  });

  it('stays 503 naming Slack when Slack rejects the token, while /healthz is 200', async () => {
    const s = await startSlackParley({ transport: 'real', env: HTTP_MODE, before: (fake) => fake.respond('auth.test', { ok: false, error: 'invalid_auth' }) });
    try {
      expect(s.channel?.status()).toBe('failed');
      const r = await readyz(s.t.url);
      expect(r.status).toBe(503);
      expect(r.body.error).toEqual({ code: 'channel:not_ready', message: expect.stringMatching(/the slack channel could not start/) });
      expect((await fetch(`${s.t.url}/healthz`)).status).toBe(200);
    } finally {
      await s.destroy();
    }
  });

  it('reports the channel stopped as soon as shutdown begins', async () => {
    const s = await startSlackParley({ transport: 'real', env: HTTP_MODE });
    expect(s.channel?.status()).toBe('ready');
    const closing = s.destroy();
    expect(s.channel?.status()).toBe('stopped');
    await closing;
  });
});
