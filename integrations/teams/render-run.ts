import type { Activity, Attachment, TurnContext } from 'botbuilder';
import { isTerminal, type RunEvent, type RunEventOf } from '../../agent/events';
import type { Logger } from '../../server/logger';
import { artifactCards, closingText, type ReplyOptions } from './reply-content';
import { splitText } from '../split-text';
import { TeamsStream } from './teams-stream';

export interface RenderOptions extends ReplyOptions {
  /** Longest text one Teams message carries; longer answers are split. */
  maxMessageChars: number;
  /** At least this long between two streaming requests (Teams: one per second). */
  streamIntervalMs: number;
  /** How often the typing indicator is renewed in group chats and channels. */
  typingIntervalMs: number;
  /** Stops the run (the user pressed Stop in Teams). */
  cancel(runId: string): void;
  log: Logger;
}

interface Collected {
  text: string;
  artifacts: RunEventOf<'artifact'>[];
  terminal?: RunEvent;
}

function collect(c: Collected, e: RunEvent) {
  if (e.type === 'message:delta') c.text += e.text;
  else if (e.type === 'artifact') c.artifacts.push(e);
  else if (isTerminal(e.type)) c.terminal = e;
}

function toolLabel(name: string): string {
  return `Working: ${name.replace(/_/g, ' ')}…`;
}

/** Sends the answer as ordinary messages; cards go with the last one. */
async function sendMessages(ctx: TurnContext, parts: string[], cards: Attachment[]) {
  for (const [i, text] of parts.entries()) {
    const last = i === parts.length - 1;
    if (!text && !(last && cards.length)) continue;
    const activity: Partial<Activity> = { type: 'message', text, textFormat: 'markdown' };
    if (last && cards.length) activity.attachments = cards;
    await ctx.sendActivity(activity);
  }
}

/**
 * A 1:1 reply, streamed with Teams' streaming protocol: informative update, chunks with all the
 * text so far, then the final message with the cards. Stop in Teams cancels the run; when Teams
 * refuses the stream (too long, not allowed here) the answer still arrives as plain messages.
 */
export async function renderStreamed(ctx: TurnContext, runId: string, events: AsyncIterable<RunEvent>, o: RenderOptions): Promise<void> {
  const stream = new TeamsStream((a) => ctx.sendActivity(a), {
    minIntervalMs: o.streamIntervalMs,
    onStopped: () => {
      o.log.info({ runId }, 'teams: the user stopped the stream; cancelling the run');
      o.cancel(runId);
    },
    onFailed: (reason, err) => o.log.warn({ runId, reason, err }, 'teams: streaming refused; the answer will be sent as messages'),
  });
  await stream.start('Looking into it…');
  const c: Collected = { text: '', artifacts: [] };
  for await (const e of events) {
    collect(c, e);
    if (e.type === 'tool:started') stream.inform(toolLabel(e.name));
    else if (e.type === 'tool:progress') stream.inform(e.message.slice(0, 900));
    else if (e.type === 'message:delta') {
      // Past one message's length the rest goes in follow-up messages, so stop streaming there.
      const shown = c.text.trimEnd();
      if (shown.length <= o.maxMessageChars) stream.update(shown);
    }
  }
  if (stream.stoppedByUser()) return;
  const parts = splitText(closingText(c.text, c.terminal, false), o.maxMessageChars, stream.sentText.length);
  const cards = artifactCards(c.artifacts, o);
  const ended = await stream.end({ text: parts[0], textFormat: 'markdown', attachments: parts.length === 1 && cards.length ? cards : undefined });
  if (!ended) {
    // Stopped by the user while the final message waited its turn: nothing more to send.
    if (!stream.stoppedByUser()) await sendMessages(ctx, parts, cards);
    return;
  }
  if (parts.length > 1) await sendMessages(ctx, parts.slice(1), cards);
}

/** A reply in a group chat or channel: a typing indicator while Parley works, then one answer. */
export async function renderQuiet(ctx: TurnContext, runId: string, events: AsyncIterable<RunEvent>, o: RenderOptions): Promise<void> {
  await ctx.sendActivity({ type: 'typing' });
  const typing = setInterval(() => {
    ctx.sendActivity({ type: 'typing' }).catch((err: unknown) => o.log.debug({ runId, err }, 'teams: typing indicator failed'));
  }, o.typingIntervalMs);
  const c: Collected = { text: '', artifacts: [] };
  try {
    for await (const e of events) collect(c, e);
  } finally {
    clearInterval(typing);
  }
  await sendMessages(ctx, splitText(closingText(c.text, c.terminal, false), o.maxMessageChars), artifactCards(c.artifacts, o));
}
