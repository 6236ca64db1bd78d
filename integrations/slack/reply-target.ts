import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../server/logger';
import { describeSlackError } from './slack-errors';

/** Where one answer goes: a thread, for one person in one team. */
export interface ReplyTarget {
  channel: string;
  threadTs: string;
  teamId: string;
  /** The Slack member who asked; streaming outside a DM needs them as recipient. */
  slackUserId: string;
}

export interface ReplyContext {
  client: WebClient;
  target: ReplyTarget;
  log: Logger;
}

/** Logs a failed Slack call with Slack's request id, and returns the failure. */
export function logSlackFailure(ctx: ReplyContext, method: string, e: unknown) {
  const failure = describeSlackError(e);
  ctx.log.warn({ method, slackError: failure.error, slackRequestId: failure.requestId, channel: ctx.target.channel, team: ctx.target.teamId }, 'Slack API call failed');
  return failure;
}

/** Posts a short line in the thread; a failure here is only logged (there is nowhere left to tell the user). */
export async function postNotice(ctx: ReplyContext, text: string): Promise<void> {
  try {
    await ctx.client.chat.postMessage({ channel: ctx.target.channel, thread_ts: ctx.target.threadTs, text });
  } catch (e) {
    logSlackFailure(ctx, 'chat.postMessage', e);
  }
}

/** A tool's name as a step title: `describe_data` → "Describe data". */
export function stepTitle(toolName: string): string {
  const words = toolName.replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Working';
}
