import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { slackSettings } from './settings';

const env = (vars: Record<string, string | undefined>) => loadConfig({ PARLEY_DATA_DIR: join(tmpdir(), 'parley-settings-test'), ...vars }).env;

describe('slackSettings', () => {
  it.each([
    { name: 'off without a bot token', vars: {}, want: { on: false, reason: 'SLACK_BOT_TOKEN is not set' } },
    { name: 'off with a bot token but no transport', vars: { SLACK_BOT_TOKEN: 'xoxb-1' }, want: { on: false, reason: expect.stringContaining('neither SLACK_APP_TOKEN') } },
    { name: 'Socket Mode with an app token', vars: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, want: { on: true, mode: 'socket', allowedTeams: null } },
    { name: 'HTTP with a signing secret', vars: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, want: { on: true, mode: 'http', signingSecret: 's' } },
    { name: 'Socket Mode wins when both are set', vars: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' }, want: { on: true, mode: 'socket' } },
    { name: 'empty variables count as unset', vars: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: 's' }, want: { on: true, mode: 'http' } },
  ])('$name', ({ vars, want }) => {
    expect(slackSettings(env(vars))).toMatchObject(want);
  });

  it('reads the allow-list as trimmed team ids', () => {
    const s = slackSettings(env({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_ALLOWED_TEAMS: ' T1 ,T2,, ' }));
    expect(s.on && [...(s.allowedTeams ?? [])]).toEqual(['T1', 'T2']);
  });

  it('a token of the wrong kind is a configuration error naming the variable', () => {
    expect(() => env({ SLACK_BOT_TOKEN: 'xapp-wrong' })).toThrow(/SLACK_BOT_TOKEN=.*expects a bot token starting with xoxb-/);
  });
});
