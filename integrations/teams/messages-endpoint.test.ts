import { createServer } from 'node:http';
import express from 'express';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ChannelContext } from '../../server/channels';
import { loadConfig } from '../../server/config';
import { startTestParley } from '../../server/testing/harness';
import { createTeamsChannel } from './index';
import { teamsMessage } from './testing/fixtures';

const activity = teamsMessage({ text: 'hello', conversationId: 'a:personal-http', conversationType: 'personal' });

describe('POST /api/messages', () => {
  it('rejects unauthenticated requests with a bare 401, and never runs the bot', async () => {
    const t = await startTestParley({
      model: 'offline',
      env: { MicrosoftAppId: 'test-app-id', MicrosoftAppPassword: 'test-app-secret', MicrosoftAppType: 'MultiTenant' },
      configure: (deps) => ({ ...deps, channels: [createTeamsChannel()] }),
    });
    try {
      const cases: [string, Record<string, string>][] = [
        ['no Authorization header', {}],
        ['a token that is not a JWT', { authorization: 'Bearer not-a-real-token' }],
      ];
      for (const [why, headers] of cases) {
        const res = await fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
        expect(res.status, why).toBe(401);
        expect(await res.text(), why).toBe('');
      }
      const { rows } = await t.parley.store.db.pool.query('SELECT count(*)::int AS n FROM conversations');
      expect(rows[0].n).toBe(0);
    } finally {
      await t.destroy();
    }
  });

  it('is not served when the Teams credentials are absent', async () => {
    const t = await startTestParley({ model: 'offline', configure: (deps) => ({ ...deps, channels: [createTeamsChannel()] }) });
    try {
      // No bot: the path is just an API path, behind sign-in like the rest (and unknown to a signed-in member).
      const res = await fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(res.status).toBe(401);
      expect((await t.fetch('/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) })).status).toBe(404);
    } finally {
      await t.destroy();
    }
  });

  it('is not ready before start, ready after (and /readyz says so), and stopped after stop', async () => {
    const env = { MicrosoftAppId: 'test-app-id', MicrosoftAppPassword: 'test-app-secret', MicrosoftAppType: 'MultiTenant' };
    const app = express();
    const ctx = { app, httpServer: createServer(app), config: loadConfig(env), log: pino({ level: 'silent' }), port: () => 0, store: { db: { pool: {} } } } as unknown as ChannelContext;
    const channel = createTeamsChannel()(ctx)!;
    expect(channel.status()).toBe('starting');
    await channel.start();
    expect(channel.status()).toBe('ready');
    await channel.stop();
    expect(channel.status()).toBe('stopped');

    const t = await startTestParley({ model: 'offline', env, configure: (deps) => ({ ...deps, channels: [createTeamsChannel()] }) });
    try {
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ready', channels: { teams: 'ready' } });
    } finally {
      await t.destroy();
    }
  });

  it('refuses to start a SingleTenant bot without its tenant id, saying which variable is missing', async () => {
    const config = loadConfig({ MicrosoftAppId: 'test-app-id', MicrosoftAppPassword: 'test-app-secret', MicrosoftAppType: 'SingleTenant' });
    const app = express();
    const ctx = { app, httpServer: createServer(app), config, log: pino({ level: 'silent' }), port: () => 0 } as unknown as ChannelContext;
    expect(() => createTeamsChannel()(ctx)).toThrow(/MicrosoftAppTenantId is not set/);
  });
});
