import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMAND } from './slack-handlers';

const manifest = parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'manifest.yaml'), 'utf8'));

describe('Slack app manifest', () => {
  it('declares the slash command the handlers listen for', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
  });

  it('subscribes to every event Parley answers', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_mention', 'assistant_thread_started', 'message.im', 'message.channels']),
    );
  });

  it.each([
    ['chat:write', 'chat.startStream / appendStream / stopStream, postMessage, update'],
    ['files:write', 'files.uploadV2 (charts, CSV)'],
    ['files:read', 'files.info and url_private_download (files shared with a question)'],
    ['assistant:write', 'assistant.threads.setStatus / setSuggestedPrompts'],
    ['users:read', 'users.info'],
    ['commands', '/parley'],
    ['app_mentions:read', 'app_mention'],
    ['im:history', 'message.im'],
    ['channels:history', 'message.channels'],
  ])('asks for the %s scope (%s)', (scope) => {
    expect(manifest.oauth_config.scopes.bot).toContain(scope);
  });

  it('has the Messages tab on and uses Socket Mode by default', () => {
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
