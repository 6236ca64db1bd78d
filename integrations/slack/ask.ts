import type { WebClient } from '@slack/web-api';
import { isParleyError, toUserError } from '../../agent/errors';
import { chatSendSchema, type RunEvent } from '../../agent/events';
import type { Logger } from '../../server/logger';
import type { ChatRuntime } from '../../server/runtime/chat-runtime';
import type { RenderChartPng } from './artifact-poster';
import { logSlackFailure, postNotice, type ReplyTarget } from './reply-target';
import { createRunReply } from './run-reply';
import { REMOVED_MEMBER_REPLY as REMOVED_MEMBER } from '../../server/bindings/platform-bindings';
import { notConnected } from './slack-handlers';
import type { SlackStore } from './slack-store';
import type { SlackFileRef } from './slack-files';

const STOP_WORDS = /^(stop|cancel)[.!]?$/i;

export interface SlackQuestion extends ReplyTarget {
  text: string;
  /** Files shared with the question (a DM or a thread Parley is in). */
  files?: SlackFileRef[];
}

export interface AskDeps {
  runtime: ChatRuntime;
  slackStore: SlackStore;
  log: Logger;
  renderChartPng?: RenderChartPng;
  noStreaming: Set<string>;
  /** Where people reach Parley's web app (PARLEY_PUBLIC_URL or the listening address), for editor links. */
  publicUrl?: () => string;
  /** Downloads the question's files and uploads them for the asker; absent: files are ignored. */
  attachFiles?(client: WebClient, q: SlackQuestion, owner: { workspaceId: string; userId: string }): Promise<{ uploadId: string }[]>;
}

/** The asker's name and email from users.info; their Slack id when Slack will not say. */
async function profileOf(client: WebClient, q: SlackQuestion, log: Logger) {
  try {
    const res = await client.users.info({ user: q.slackUserId });
    const u = res.user;
    return { displayName: u?.real_name || u?.profile?.display_name || u?.name || q.slackUserId, email: u?.profile?.email || undefined };
  } catch (e) {
    logSlackFailure({ client, target: q, log }, 'users.info', e);
    return { displayName: q.slackUserId };
  }
}

/**
 * Answers one Slack question: finds the asker in the workspace their team is bound to (an
 * account with their email, or their own Slack user), continues the thread's conversation (or
 * starts one and links it), starts a run and renders its events into the thread. Someone from
 * an unconnected team, or a removed member, gets one line saying so and nothing runs. Resolves
 * when the answer is fully posted.
 */
export async function ask(client: WebClient, q: SlackQuestion, deps: AskDeps): Promise<void> {
  const { runtime, slackStore, log } = deps;
  const ctx = { client, target: q, log };
  const reply = createRunReply(ctx, { renderChartPng: deps.renderChartPng, noStreaming: deps.noStreaming, publicUrl: deps.publicUrl });
  let unsubscribe: (() => void) | undefined;
  try {
    const person = await slackStore.person(q.teamId, q.slackUserId, () => profileOf(client, q, log));
    if (person.kind !== 'member') {
      log.info({ team: q.teamId, slackUser: q.slackUserId, why: person.kind }, 'Slack question not answered');
      await postNotice(ctx, person.kind === 'unbound' ? notConnected(q.teamId) : REMOVED_MEMBER);
      return;
    }
    const who = person.identity;
    // The same rule as the web chat's chat:send; Slack allows longer messages than Parley takes.
    const text = chatSendSchema.shape.text.safeParse(q.text);
    if (!text.success) {
      await reply.fail(`Parley could not take this question: ${text.error.issues[0].message}.`);
      return;
    }
    let conversationId = await slackStore.conversationFor(q.teamId, q.channel, q.threadTs);
    const attachments = q.files?.length && deps.attachFiles ? await deps.attachFiles(client, q, who) : [];
    // "stop" in a thread Parley is answering stops that answer; its reply ends with "Stopped".
    if (conversationId && STOP_WORDS.test(text.data) && runtime.isActive(conversationId)) {
      runtime.cancel({ conversationId, workspaceId: who.workspaceId });
      return;
    }
    // Events may arrive before send() returns; they wait here until the run id is known.
    const early: RunEvent[] = [];
    let runId: string | undefined;
    const onEvent = (e: RunEvent) => {
      if (!runId) early.push(e);
      else if (e.runId === runId) reply.handle(e);
    };
    const start = (existing: string | undefined) =>
      runtime.send({
        text: text.data,
        conversationId: existing,
        workspaceId: who.workspaceId,
        userId: who.userId,
        role: who.role,
        channel: 'slack',
        ...(attachments.length ? { attachments } : {}),
        onConversation: (id) => {
          unsubscribe = runtime.subscribe(id, onEvent);
        },
      });
    let sent;
    try {
      sent = await start(conversationId);
    } catch (e) {
      // The conversation behind a thread was deleted in Parley: start a fresh one in the same thread.
      if (!(conversationId && isParleyError(e) && e.code === 'conversation:not_found')) throw e;
      conversationId = undefined;
      sent = await start(undefined);
    }
    if (sent.conversationId !== conversationId) await slackStore.linkThread(q.teamId, q.channel, q.threadTs, sent.conversationId);
    runId = sent.runId;
    for (const e of early.splice(0)) if (e.runId === runId) reply.handle(e);
    await reply.finished;
  } catch (e) {
    if (!isParleyError(e)) log.error({ err: e, team: q.teamId, channel: q.channel }, 'Slack question failed');
    await reply.fail(toUserError(e).message);
  } finally {
    unsubscribe?.();
  }
}

