import { Assistant, type App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../server/logger';
import type { SlackQuestion } from './ask';
import { describeSlackError } from './slack-errors';
import type { SlackStore } from './slack-store';

/** Shown when someone opens Parley's Messages tab (the assistant container). */
export const SUGGESTED_PROMPTS = [
  { title: 'What can I ask?', message: 'What data can I ask about?' },
  { title: 'Revenue by month', message: 'Show revenue by month for this year as a chart.' },
  { title: 'Top customers', message: 'Who are our top 10 customers by revenue this quarter?' },
];

export const SLASH_COMMAND = '/parley';

export const USAGE = 'Ask Parley a question about your data, e.g. `/parley what was revenue by month this year?`';
export const REFUSED = 'This Slack workspace is not allowed to use Parley. Ask your Parley administrator to add it to SLACK_ALLOWED_TEAMS.';

/** The one reply to someone from a team no Parley admin has connected (nothing else happens). */
export function notConnected(teamId: string): string {
  return `This Slack workspace is not connected to Parley yet. A Parley admin can connect it in Parley's Members page with team id ${teamId}.`;
}

export { REMOVED_MEMBER_REPLY as REMOVED_MEMBER } from '../../server/bindings/platform-bindings';

export interface HandlerDeps {
  log: Logger;
  slackStore: SlackStore;
  /** Whether a Slack team may use Parley (the allow-list). */
  allowed(teamId: string): boolean;
  /** Starts answering; the channel tracks the answer until it is posted. */
  ask(client: WebClient, q: SlackQuestion): void;
}

type Body = Record<string, unknown> & { event?: Record<string, unknown> };

/** The team of the person asking: their home team in shared channels, else the team the event came from. */
export function teamOf(body: Body): string | undefined {
  const e = body.event;
  const team = body.team as { id?: string } | string | undefined;
  return (e?.user_team as string) ?? (e?.team as string) ?? (body.team_id as string) ?? (typeof team === 'string' ? team : team?.id);
}

/** Removes mentions of the bot so the model sees only the question. */
export function stripMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

/** Slack's three control characters, escaped so quoted text cannot ping @channel or forge links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface MessageLike {
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  subtype?: string;
  bot_id?: string;
  files?: { id?: string }[];
}

/** What a message with files but no words asks. */
export const FILE_ONLY_QUESTION = 'What data is in the attached file?';

/** The ids of the files shared with a message (the rest of each entry is not trusted: files.info says). */
function filesOf(m: { files?: { id?: string }[] }) {
  return (m.files ?? []).flatMap((f) => (typeof f.id === 'string' && /^F[A-Z0-9]+$/.test(f.id) ? [{ id: f.id }] : [])).slice(0, 5);
}

/** A person's plain message (not a bot's, not an edit or a join notice). */
function isPersonMessage(m: MessageLike): m is MessageLike & { user: string } {
  return !!m.user && !m.bot_id && (m.subtype === undefined || m.subtype === 'file_share');
}

/** Wires Parley's Slack surfaces onto a bolt App: the allow-list, the assistant container, DMs, mentions, threads and /parley. */
export function registerSlackHandlers(app: App, deps: HandlerDeps): void {
  const { log, slackStore } = deps;

  app.use(async (args) => {
    const team = teamOf(args.body as Body);
    if (team && deps.allowed(team)) return args.next();
    log.warn({ team: team ?? null }, 'refused a Slack request from a team that is not on SLACK_ALLOWED_TEAMS');
    if ('command' in args && 'ack' in args && typeof args.ack === 'function') await args.ack({ response_type: 'ephemeral', text: REFUSED });
  });

  const question = (teamId: string, m: { user: string; channel: string; threadTs: string; text: string; files?: { id: string }[] }): SlackQuestion => ({
    teamId,
    slackUserId: m.user,
    channel: m.channel,
    threadTs: m.threadTs,
    text: m.text || (m.files?.length ? FILE_ONLY_QUESTION : ''),
    ...(m.files?.length ? { files: m.files } : {}),
  });

  // The Messages tab / assistant container: every conversation there is a thread in the DM.
  app.assistant(
    new Assistant({
      // Parley does not use the channel a person is viewing, so there is nothing to save.
      threadContextChanged: async () => undefined,
      threadStarted: async ({ setSuggestedPrompts, logger }) => {
        try {
          await setSuggestedPrompts({ title: 'Ask Parley about your data', prompts: SUGGESTED_PROMPTS });
        } catch (e) {
          logger.warn(`assistant.threads.setSuggestedPrompts failed: ${describeSlackError(e).error}`);
        }
      },
      userMessage: async ({ message, client, body, setStatus }) => {
        const m = message as MessageLike;
        if (!isPersonMessage(m) || (!m.text?.trim() && !filesOf(m).length)) return;
        const team = teamOf(body as unknown as Body) as string;
        await setStatus('is thinking…').catch((e: unknown) => log.warn({ slackError: describeSlackError(e).error }, 'assistant.threads.setStatus failed'));
        deps.ask(client, question(team, { user: m.user, channel: m.channel, threadTs: m.thread_ts ?? m.ts, text: (m.text ?? '').trim(), files: filesOf(m) }));
      },
    }),
  );

  // A mention in a channel is answered in a thread under it.
  app.event('app_mention', async ({ event, body, client, context }) => {
    if (!event.user || event.bot_id) return;
    const text = stripMention(event.text ?? '', context.botUserId);
    const team = teamOf(body as unknown as Body) as string;
    const threadTs = event.thread_ts ?? event.ts;
    if (!text) {
      await client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, text: USAGE }).catch((e: unknown) => log.warn({ slackError: describeSlackError(e).error }, 'chat.postMessage failed'));
      return;
    }
    deps.ask(client, question(team, { user: event.user, channel: event.channel, threadTs, text }));
  });

  app.message(async ({ message, body, client, context }) => {
    const m = message as MessageLike;
    const files = filesOf(m);
    if (!isPersonMessage(m) || (!m.text?.trim() && !files.length)) return;
    const team = teamOf(body as unknown as Body) as string;
    const words = m.text ?? '';
    if (m.channel_type === 'im') {
      // A direct message outside the assistant container: answered in a thread under it.
      deps.ask(client, question(team, { user: m.user, channel: m.channel, threadTs: m.thread_ts ?? m.ts, text: stripMention(words, context.botUserId), files }));
      return;
    }
    // In channels, a reply in a thread Parley answers continues it without a mention
    // (a reply that mentions Parley arrives as app_mention too and is answered there).
    if (!m.thread_ts || (context.botUserId && words.includes(`<@${context.botUserId}`))) return;
    if (!(await slackStore.conversationFor(team, m.channel, m.thread_ts))) return;
    deps.ask(client, question(team, { user: m.user, channel: m.channel, threadTs: m.thread_ts, text: words.trim(), files }));
  });

  // /parley <question>: the question is posted in the channel and answered in its thread.
  app.command(SLASH_COMMAND, async ({ command, ack, client, respond }) => {
    // Before the question is posted in the channel: an unconnected team only hears how to connect it.
    if (!(await slackStore.binding(command.team_id))) {
      await ack({ response_type: 'ephemeral', text: notConnected(command.team_id) });
      return;
    }
    const text = command.text.trim();
    if (!text) {
      await ack({ response_type: 'ephemeral', text: USAGE });
      return;
    }
    await ack();
    let threadTs: string;
    try {
      const posted = await client.chat.postMessage({ channel: command.channel_id, text: `<@${command.user_id}> asked: ${escapeMrkdwn(text)}` });
      threadTs = posted.ts as string;
    } catch (e) {
      const f = describeSlackError(e);
      log.warn({ method: 'chat.postMessage', slackError: f.error, slackRequestId: f.requestId, channel: command.channel_id }, 'Slack API call failed');
      await respond({ response_type: 'ephemeral', text: `Parley cannot post in this channel (Slack said \`${f.error}\`). Invite it with \`/invite @Parley\`, or ask in a direct message.` }).catch(
        () => undefined,
      );
      return;
    }
    deps.ask(client, question(command.team_id, { user: command.user_id, channel: command.channel_id, threadTs, text }));
  });
}
