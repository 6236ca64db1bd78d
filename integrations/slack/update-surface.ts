import { logSlackFailure, type ReplyContext } from './reply-target';
import type { ReplyState, Step, Surface } from './reply-state';
import { splitText } from '../split-text';
import { SLACK_MESSAGE_LIMIT } from './limits';

/** The fallback updates its message at most this often. */
export const UPDATE_INTERVAL_MS = 1000;

const ICONS: Record<Step['status'], string> = {
  pending: ':white_circle:',
  in_progress: ':hourglass_flowing_sand:',
  complete: ':white_check_mark:',
  error: ':x:',
};

/** The whole answer so far as markdown: the steps, the words, and a closing notice. */
export function renderReply(state: ReplyState): string {
  const steps = state.steps.map((s) => {
    const detail = s.output ?? s.details;
    return `${ICONS[s.status]} ${s.title}${detail ? ` — ${detail}` : ''}`;
  });
  const parts = [steps.join('\n'), state.text.trim()];
  if (state.ending?.notice) parts.push(state.ending.notice);
  const body = parts.filter(Boolean).join('\n\n');
  return body || (state.ending ? '_(no answer)_' : '_Thinking…_');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * For workspaces that refuse streaming: one message posted, then edited with chat.update at
 * most once a second; an answer past Slack's length limit continues in further messages.
 */
export function createUpdateSurface(ctx: ReplyContext, opts: { limit?: number; intervalMs?: number; now?: () => number } = {}): Surface {
  const limit = opts.limit ?? SLACK_MESSAGE_LIMIT;
  const interval = opts.intervalMs ?? UPDATE_INTERVAL_MS;
  const now = opts.now ?? Date.now;
  const messages: { ts: string; text: string }[] = [];
  let lastCallAt = -Infinity;

  /** Edits are spaced by waiting here, so no path (timer, terminal event) can edit sooner. */
  async function sync(state: ReplyState): Promise<void> {
    const { channel, threadTs } = ctx.target;
    const firstChange = () => {
      const pieces = splitText(renderReply(state), limit);
      return { pieces, i: pieces.findIndex((p, n) => messages[n]?.text !== p) };
    };
    for (;;) {
      if (firstChange().i === -1) return;
      const wait = lastCallAt + interval - now();
      if (wait > 0) await sleep(wait);
      // Rendered again after the wait, so the edit carries everything that arrived meanwhile.
      const { pieces, i } = firstChange();
      if (i === -1) return;
      const existing = messages[i];
      try {
        if (existing) {
          await ctx.client.chat.update({ channel, ts: existing.ts, markdown_text: pieces[i] });
          existing.text = pieces[i];
        } else {
          const res = await ctx.client.chat.postMessage({ channel, thread_ts: threadTs, markdown_text: pieces[i] });
          messages.push({ ts: res.ts as string, text: pieces[i] });
        }
      } catch (e) {
        logSlackFailure(ctx, existing ? 'chat.update' : 'chat.postMessage', e);
        return;
      } finally {
        // Counted from when Slack answered, so edits are a second apart however slow the network.
        lastCallAt = now();
      }
    }
  }

  return {
    kind: 'update',
    wantsSyncNow: () => now() - lastCallAt >= interval,
    nextSyncDelay: () => Math.max(0, lastCallAt + interval - now()),
    sync,
    finish: sync,
  };
}
