import { ActivityHandler, TeamsInfo, TurnContext, type BotAdapter, type ConversationReference } from 'botbuilder';
import { isParleyError } from '../../agent/errors';
import { chatSendSchema } from '../../agent/events';
import type { Logger } from '../../server/logger';
import type { ChatRuntime } from '../../server/runtime/chat-runtime';
import { renderQuiet, renderStreamed, type RenderOptions } from './render-run';
import { RunEventQueue } from './run-events';
import { REMOVED_MEMBER_REPLY, type Profile } from '../../server/bindings/platform-bindings';
import type { TeamsConversationType, TeamsStore } from './teams-store';
import { FILE_ONLY_QUESTION, ignoredNote, sortAttachments, type TeamsFileRef } from './teams-files';

export interface ParleyTeamsBotDeps {
  runtime: ChatRuntime;
  store: TeamsStore;
  /** The bot's Microsoft app id, for proactive turns. */
  appId: string;
  render: Omit<RenderOptions, 'cancel'>;
  log: Logger;
  /** Downloads the files sent with a question and uploads them for the asker; absent: files are left out, in words. */
  attachFiles?(files: TeamsFileRef[], owner: { workspaceId: string; userId: string }): Promise<{ uploadId: string }[]>;
}

export const HELP_TEXT =
  'Hi, I am Parley. Ask me about your data in plain words, for example "What were last month\'s sales by region?". In a group chat or channel, @mention me with your question.';

/** The one reply to someone from a tenant no Parley admin has connected (nothing else happens). */
export function notConnected(tenantId: string): string {
  return `This Microsoft Teams organisation is not connected to Parley yet. A Parley admin can connect it in Parley's Members page with tenant id ${tenantId}.`;
}

export const NO_TENANT = 'Parley could not tell which Microsoft Teams organisation this message came from, so it cannot answer it.';

/** An address Entra vouches for: the member's email, else a UPN that is one (a guest's `#EXT#` UPN is not). */
export function memberEmail(m: { email?: string; userPrincipalName?: string }): string | undefined {
  if (m.email?.includes('@')) return m.email;
  const upn = m.userPrincipalName;
  return upn && /^[^@\s#]+@[^@\s#]+\.[^@\s#]+$/.test(upn) ? upn : undefined;
}

function conversationType(raw: string | undefined): TeamsConversationType {
  return raw === 'groupChat' || raw === 'channel' ? raw : 'personal';
}

/**
 * Parley in Teams: each message becomes a run on the chat runtime, in the Parley conversation
 * mapped to this Teams chat (or channel reply chain), on behalf of the Parley user mapped to the
 * sender. 1:1 chats get a streamed reply; group chats and channels answer only when @mentioned.
 */
export class ParleyTeamsBot extends ActivityHandler {
  private readonly replies = new Set<Promise<void>>();

  constructor(private readonly deps: ParleyTeamsBotDeps) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.answer(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const botAdded = (ctx.activity.membersAdded ?? []).some((m) => m.id === ctx.activity.recipient.id);
      if (botAdded && conversationType(ctx.activity.conversation.conversationType) === 'personal') await ctx.sendActivity(HELP_TEXT);
      await next();
    });
  }

  /** Resolves when every reply in progress has been written. */
  async idle(): Promise<void> {
    while (this.replies.size) await Promise.allSettled([...this.replies]);
  }

  /** The sender's name and address from Teams (TeamsInfo.getMember); just the activity's name when Teams will not say. */
  private async profileOf(ctx: TurnContext): Promise<Profile> {
    const from = ctx.activity.from;
    try {
      const m = await TeamsInfo.getMember(ctx, from.id);
      return { displayName: m.name || from.name || '', email: memberEmail(m) };
    } catch (err) {
      this.deps.log.warn({ err, conversation: ctx.activity.conversation.id }, 'teams: could not read the sender\'s profile; they are not matched to an account by email');
      return { displayName: from.name ?? '' };
    }
  }

  private async answer(ctx: TurnContext): Promise<void> {
    const { runtime, store, log } = this.deps;
    const a = ctx.activity;
    const type = conversationType(a.conversation.conversationType);
    if (type !== 'personal') {
      // In group chats and channels Parley speaks only when spoken to.
      const mentioned = TurnContext.getMentions(a).some((m) => m.mentioned?.id === a.recipient.id);
      if (!mentioned) return;
    }
    const tenantId = (a.conversation.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id)?.toLowerCase();
    if (!tenantId) {
      await ctx.sendActivity(NO_TENANT);
      return;
    }
    const person = await store.person(tenantId, a.from.aadObjectId ?? a.from.id, () => this.profileOf(ctx));
    if (person.kind !== 'member') {
      log.info({ tenant: tenantId, why: person.kind }, 'teams: message not answered');
      await ctx.sendActivity(person.kind === 'unbound' ? notConnected(tenantId) : REMOVED_MEMBER_REPLY);
      return;
    }
    const who = person.identity;
    const { files, ignored } = sortAttachments(a.attachments);
    if (files.length && !this.deps.attachFiles) ignored.push(...files.splice(0).map((f) => `"${f.name}"`));
    const words = (type === 'personal' ? (a.text ?? '') : TurnContext.removeRecipientMention(a) ?? '').replace(/<\/?at>/g, '').trim();
    // A file sent with no words is a question about the file.
    const text = words || (files.length ? FILE_ONLY_QUESTION : '');
    if (ignored.length) await ctx.sendActivity(ignoredNote(ignored));
    if (!text) {
      await ctx.sendActivity(HELP_TEXT);
      return;
    }
    // The same rule as every other way in (the web chat's chat:send).
    const valid = chatSendSchema.shape.text.safeParse(text);
    if (!valid.success) {
      await ctx.sendActivity(`That message is too long for me: ${valid.error.issues[0].message}. Please shorten it and ask again.`);
      return;
    }
    let attachments: { uploadId: string }[] = [];
    if (files.length) {
      try {
        attachments = await this.deps.attachFiles!(files, who);
      } catch (e) {
        // A refused file (empty, not what it claims, too big, no rows…) is said in words; the chat carries on.
        if (!isParleyError(e)) throw e;
        await ctx.sendActivity(e.userMessage);
        return;
      }
    }
    const existing = await store.findConversation(tenantId, a.conversation.id);

    const queue = new RunEventQueue();
    let unsubscribe: (() => void) | undefined;
    let sent;
    try {
      sent = await runtime.send({
        text,
        conversationId: existing,
        workspaceId: who.workspaceId,
        userId: who.userId,
        role: who.role,
        channel: 'teams',
        ...(attachments.length ? { attachments } : {}),
        onConversation: (id) => (unsubscribe = runtime.subscribe(id, queue.push)),
      });
    } catch (e) {
      unsubscribe?.();
      if (!isParleyError(e)) throw e;
      await ctx.sendActivity(e.userMessage);
      return;
    }
    if (!existing) {
      const replyChain = type === 'channel' ? (/;messageid=(\d+)/.exec(a.conversation.id)?.[1] ?? null) : null;
      try {
        await store.linkConversation({ tenantId, teamsConversationId: a.conversation.id, type, replyChainId: replyChain, conversationId: sent.conversationId });
      } catch (e) {
        unsubscribe?.();
        runtime.cancel({ runId: sent.runId, workspaceId: who.workspaceId });
        throw e;
      }
    }

    const { runId } = sent;
    const render = { ...this.deps.render, cancel: (id: string) => void runtime.cancel({ runId: id, workspaceId: who.workspaceId }) };
    // The reply is written in a proactive turn after this request has been answered: Teams
    // gives a bot about 15 seconds per request, and an answer can take longer.
    const reference = TurnContext.getConversationReference(a);
    const proactive = (logic: (turn: TurnContext) => Promise<void>) => continueIn(ctx.adapter, this.deps.appId, reference, logic);
    const reply = proactive((turn) => (type === 'personal' ? renderStreamed : renderQuiet)(turn, runId, queue.of(runId), render))
      .catch(async (err: unknown) => {
        log.error({ err, runId }, 'teams: writing the reply failed');
        // Whatever happened to the reply, the run must not keep going unseen.
        runtime.cancel({ runId, workspaceId: who.workspaceId });
        await proactive((turn) => turn.sendActivity(APOLOGY).then(() => undefined)).catch((e: unknown) => log.error({ err: e, runId }, 'teams: the apology could not be sent either'));
      })
      .finally(() => {
        unsubscribe?.();
        this.replies.delete(reply);
      });
    this.replies.add(reply);
  }
}

function continueIn(adapter: BotAdapter, appId: string, reference: Partial<ConversationReference>, logic: (turn: TurnContext) => Promise<void>) {
  return adapter.continueConversationAsync(appId, reference, logic);
}

export const APOLOGY = 'Sorry, something went wrong on my side and I could not finish that. Please try again in a moment.';
