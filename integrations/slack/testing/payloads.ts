/**
 * Request bodies as Slack sends them (Events API envelopes and a slash command form), for tests
 * that feed bolt directly. Shapes follow docs.slack.dev's examples for each event.
 */
let counter = 0;
const nextTs = () => `${1_600_000_000 + ++counter}.000${String(counter).padStart(3, '0')}`;

function envelope<E extends Record<string, unknown>>(teamId: string, event: E) {
  return {
    token: 'verification-token',
    team_id: teamId,
    api_app_id: 'A0PARLEY',
    event,
    type: 'event_callback',
    event_id: `Ev${++counter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-ctx-${counter}`,
  };
}

export function appMention(o: { team?: string; user?: string; channel?: string; text: string; threadTs?: string; ts?: string; botUserId?: string }) {
  const ts = o.ts ?? nextTs();
  const team = o.team ?? 'T1';
  return envelope(team, {
    type: 'app_mention',
    client_msg_id: `m-${counter}`,
    text: `<@${o.botUserId ?? 'UBOT'}> ${o.text}`,
    user: o.user ?? 'U1',
    ts,
    team,
    channel: o.channel ?? 'C1',
    event_ts: ts,
    ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
  } as { type: 'app_mention'; text: string; user: string; ts: string; channel: string; thread_ts?: string });
}

/** A `message` event: a DM (`channelType: 'im'`) or a reply in a channel thread. */
export function message(o: { team?: string; user?: string; channel?: string; channelType?: 'im' | 'channel'; text: string; threadTs?: string; ts?: string }) {
  const ts = o.ts ?? nextTs();
  const team = o.team ?? 'T1';
  return envelope(team, {
    type: 'message',
    client_msg_id: `m-${counter}`,
    text: o.text,
    user: o.user ?? 'U1',
    ts,
    team,
    channel: o.channel ?? (o.channelType === 'im' ? 'D1' : 'C1'),
    event_ts: ts,
    channel_type: o.channelType ?? 'im',
    ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
  });
}

export function assistantThreadStarted(o: { team?: string; user?: string; channel?: string; threadTs?: string }) {
  const threadTs = o.threadTs ?? nextTs();
  return envelope(o.team ?? 'T1', {
    type: 'assistant_thread_started',
    assistant_thread: { user_id: o.user ?? 'U1', context: {}, channel_id: o.channel ?? 'D1', thread_ts: threadTs },
    event_ts: threadTs,
  });
}

/** The form body of a slash command, already decoded (as bolt's receivers pass it on). */
export function slashCommand(o: { team?: string; user?: string; channel?: string; text: string; responseUrl: string }) {
  return {
    token: 'verification-token',
    team_id: o.team ?? 'T1',
    team_domain: 'acme',
    channel_id: o.channel ?? 'C1',
    channel_name: 'general',
    user_id: o.user ?? 'U1',
    user_name: 'ada',
    command: '/parley',
    text: o.text,
    api_app_id: 'A0PARLEY',
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: `trig-${++counter}`,
  };
}
