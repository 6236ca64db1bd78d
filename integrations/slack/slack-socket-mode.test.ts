import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../server/testing/databases';
import { USAGE } from './slack-handlers';
import { appMention, slashCommand } from './testing/payloads';
import { startSlackParley, type SlackParley } from './testing/slack-harness';

describe.each(STORE_BACKENDS)('Slack over Socket Mode (%s)', (backend) => {
  let s: SlackParley;
  beforeAll(async () => {
    // The app token turns Socket Mode on: bolt's own receiver connects to the fake's WebSocket.
    s = await startSlackParley({ backend, transport: 'real' });
    await s.fake.socketConnected();
  });
  afterAll(async () => {
    await s?.destroy();
  });

  it('connects with the app token through apps.connections.open', () => {
    expect(s.channel?.mode).toBe('socket');
    expect(s.fake.callsTo('apps.connections.open')).toHaveLength(1);
  });

  it('acknowledges an events_api envelope and streams the answer into the thread', async () => {
    s.mock.enqueue({ text: 'Answered over Socket Mode.' });
    const mention = appMention({ text: 'socket?', channel: 'C31' });
    const ack = await s.fake.deliver('events_api', mention);
    expect(ack.envelope_id).toMatch(/^env-/);
    await s.channel!.idle();
    expect(s.fake.callsTo('chat.startStream')[0].args).toMatchObject({ channel: 'C31', thread_ts: mention.event.ts });
    const text = s.fake.calls.flatMap((c) => ((c.args.chunks as { text?: string }[]) ?? []).map((k) => k.text ?? '')).join('');
    expect(text).toBe('Answered over Socket Mode.');
  });

  it('answers an empty /parley with usage in the acknowledgement', async () => {
    const ack = await s.fake.deliver('slash_commands', slashCommand({ text: '', responseUrl: `${s.fake.url}/respond/s1` }));
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: USAGE });
  });
});
