import type { AnyChunk } from '@slack/types';
import { logSlackFailure, postNotice, type ReplyContext } from './reply-target';
import { stepKey, StreamingRefused, type ReplyState, type Surface } from './reply-state';
import { SLACK_MESSAGE_LIMIT } from './limits';

/** Text is sent in pieces of about this size, or after FLUSH_INTERVAL_MS, whichever comes first. */
export const STREAM_FLUSH_CHARS = 200;
export const STREAM_FLUSH_INTERVAL_MS = 1000;

/** Slack errors that say nothing about streaming itself: posting a plain message would fail the same way. */
const NOT_ABOUT_STREAMING = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'ratelimited',
]);

/** Where to cut `text` so at most `room` characters go now, preferring a space. */
function cutAt(text: string, room: number): number {
  if (text.length <= room) return text.length;
  const space = text.lastIndexOf(' ', room);
  return space > room / 2 ? space + 1 : room;
}

/**
 * Slack's native streaming: chat.startStream, then chat.appendStream with markdown and
 * task_update chunks (one task per tool call), then chat.stopStream. A message that would pass
 * Slack's length limit is stopped and the answer continues in a new streamed message.
 */
export function createStreamSurface(ctx: ReplyContext, opts: { limit?: number } = {}): Surface {
  const limit = opts.limit ?? SLACK_MESSAGE_LIMIT;
  let ts: string | undefined;
  let sentChars = 0; // of state.text, across every streamed message
  let charsInMessage = 0;
  let everStarted = false;
  const sentSteps = new Map<string, string>();

  function stepChunks(state: ReplyState): AnyChunk[] {
    const chunks: AnyChunk[] = [];
    for (const s of state.steps) {
      const key = stepKey(s);
      if (sentSteps.get(s.id) === key) continue;
      sentSteps.set(s.id, key);
      chunks.push({ type: 'task_update', id: s.id, title: s.title, status: s.status, ...(s.details ? { details: s.details } : {}), ...(s.output ? { output: s.output } : {}) });
    }
    return chunks;
  }

  async function send(chunks: AnyChunk[]): Promise<void> {
    if (!chunks.length) return;
    const { channel, threadTs, teamId, slackUserId } = ctx.target;
    if (!ts) {
      try {
        const res = await ctx.client.chat.startStream({ channel, thread_ts: threadTs, recipient_team_id: teamId, recipient_user_id: slackUserId, task_display_mode: 'timeline', chunks });
        ts = res.ts;
        everStarted = true;
      } catch (e) {
        const f = logSlackFailure(ctx, 'chat.startStream', e);
        // Slack refused streaming before anything was shown: the reply can start over as an
        // updated message. Errors about the channel or token would fail that too, so they stay errors.
        if (!everStarted && f.platform && !NOT_ABOUT_STREAMING.has(f.error)) throw new StreamingRefused(f.error);
        throw e;
      }
      return;
    }
    try {
      await ctx.client.chat.appendStream({ channel, ts, chunks });
    } catch (e) {
      logSlackFailure(ctx, 'chat.appendStream', e);
      throw e;
    }
  }

  async function stop(chunks: AnyChunk[]): Promise<void> {
    if (!ts) {
      if (chunks.length) await send(chunks);
      if (!ts) return;
      chunks = [];
    }
    const current = ts;
    ts = undefined;
    charsInMessage = 0;
    try {
      await ctx.client.chat.stopStream({ channel: ctx.target.channel, ts: current, ...(chunks.length ? { chunks } : {}) });
    } catch (e) {
      const f = logSlackFailure(ctx, 'chat.stopStream', e);
      await postNotice(ctx, `:warning: Parley could not finish this answer in Slack (Slack said \`${f.error}\`).`);
    }
  }

  /** Sends the unsent text (rolling over to a new message at the limit) and changed steps. */
  async function flush(state: ReplyState, closing: AnyChunk[] | null): Promise<void> {
    let pending = state.text.slice(sentChars);
    const steps = stepChunks(state);
    const closingChars = closing?.reduce((n, c) => n + (c.type === 'markdown_text' ? c.text.length : 0), 0) ?? 0;
    while (charsInMessage + pending.length + (closing ? closingChars : 0) > limit && pending.length) {
      const room = Math.max(1, limit - charsInMessage);
      const cut = cutAt(pending, room);
      const piece = pending.slice(0, cut);
      pending = pending.slice(cut);
      sentChars += piece.length;
      await stop([...steps.splice(0), { type: 'markdown_text', text: piece }]);
    }
    const chunks: AnyChunk[] = [...steps];
    if (pending) chunks.push({ type: 'markdown_text', text: pending });
    sentChars += pending.length;
    charsInMessage += pending.length;
    if (closing) await stop([...chunks, ...closing]);
    else await send(chunks);
  }

  return {
    kind: 'stream',
    wantsSyncNow(state) {
      const unsent = state.text.length - sentChars;
      // The first words open the stream at once; after that, text goes out in batches.
      return (!everStarted && unsent > 0) || unsent >= STREAM_FLUSH_CHARS || state.steps.some((s) => sentSteps.get(s.id) !== stepKey(s));
    },
    nextSyncDelay: () => STREAM_FLUSH_INTERVAL_MS,
    sync: (state) => flush(state, null),
    async finish(state) {
      const closing: AnyChunk[] = state.ending?.notice ? [{ type: 'markdown_text', text: `${state.text ? '\n\n' : ''}${state.ending.notice}` }] : [];
      await flush(state, closing);
    },
  };
}
