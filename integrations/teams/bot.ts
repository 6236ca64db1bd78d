import { ActivityHandler, TurnContext, type BotAdapter, type ConversationReference } from 'botbuilder';
import { isParleyError } from '../../agent/errors';
import { chatSendSchema } from '../../agent/events';
import type { Logger } from '../../server/logger';
import type { ChatRuntime } from '../../server/runtime/chat-runtime';
import { renderQuiet, renderStreamed, type RenderOptions } from './render-run';
import { RunEventQueue } from './run-events';
import type { TeamsConversationType, TeamsStore } from './teams-store';

export interface ParleyTeamsBotDeps {
  runtime: ChatRuntime;
  store: TeamsStore;
  /** The Parley workspace Teams users belong to. */
  workspaceId: string;
  /** The bot's Microsoft app id, for proactive turns. */
  appId: string;
  render: Omit<RenderOptions, 'cancel'>;
  log: Logger;
}

export const HELP_TEXT =
  'Hi, I am Parley. Ask me about your data in plain words, for example "What were last month\'s sales by region?". In a group chat or channel, @mention me with your question.';

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

  private async answer(ctx: TurnContext): Promise<void> {
    const { runtime, store, log } = this.deps;
    const a = ctx.activity;
    const type = conversationType(a.conversation.conversationType);
    if (type !== 'personal') {
      // In group chats and channels Parley speaks only when spoken to.
      const mentioned = TurnContext.getMentions(a).some((m) => m.mentioned?.id === a.recipient.id);
      if (!mentioned) return;
    }
    const text = (type === 'personal' ? (a.text ?? '') : TurnContext.removeRecipientMention(a) ?? '').replace(/<\/?at>/g, '').trim();
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
    const tenantId = a.conversation.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? 'unknown-tenant';
    const userId = await store.resolveUser({ tenantId, teamsUserId: a.from.aadObjectId ?? a.from.id, displayName: a.from.name ?? '', workspaceId: this.deps.workspaceId });
    const existing = await store.findConversation(tenantId, a.conversation.id);

    const queue = new RunEventQueue();
    let unsubscribe: (() => void) | undefined;
    let sent;
    try {
      sent = await runtime.send({
        text,
        conversationId: existing,
        workspaceId: this.deps.workspaceId,
        userId,
        channel: 'teams',
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
        runtime.cancel({ runId: sent.runId, workspaceId: this.deps.workspaceId });
        throw e;
      }
    }

    const { runId } = sent;
    const render = { ...this.deps.render, cancel: (id: string) => void runtime.cancel({ runId: id, workspaceId: this.deps.workspaceId }) };
    // The reply is written in a proactive turn after this request has been answered: Teams
    // gives a bot about 15 seconds per request, and an answer can take longer.
    const reference = TurnContext.getConversationReference(a);
    const proactive = (logic: (turn: TurnContext) => Promise<void>) => continueIn(ctx.adapter, this.deps.appId, reference, logic);
    const reply = proactive((turn) => (type === 'personal' ? renderStreamed : renderQuiet)(turn, runId, queue.of(runId), render))
      .catch(async (err: unknown) => {
        log.error({ err, runId }, 'teams: writing the reply failed');
        // Whatever happened to the reply, the run must not keep going unseen.
        runtime.cancel({ runId, workspaceId: this.deps.workspaceId });
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
