import { RestError } from '@azure/core-rest-pipeline';
import { TestAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse, type TeamsChannelAccount } from 'botbuilder';

export interface SentActivity {
  activity: Partial<Activity>;
  /** True when the send was refused (the error was thrown to the bot). */
  refused: boolean;
  /** The id the adapter gave the activity (as Teams returns one). */
  id?: string;
}

/**
 * botbuilder's TestAdapter, plus what Parley's Teams bot needs from a real adapter: proactive
 * turns (`continueConversationAsync`), a record of every send, a hook to make Teams refuse
 * a send (e.g. 403 when the user pressed Stop), and the Bot Connector's member lookup that
 * `TeamsInfo.getMember` calls (answered from `members`, by Bot Framework user id).
 */
export class ProactiveTestAdapter extends TestAdapter {
  readonly sent: SentActivity[] = [];
  /** Conversation members as Teams' GET /v3/conversations/{id}/members/{userId} returns them; anyone else is a 404. */
  readonly members = new Map<string, TeamsChannelAccount>();
  /** Bot Framework user ids the bot looked up. */
  readonly lookups: string[] = [];

  constructor() {
    super();
    // CloudAdapter puts its connector client in turn state; TeamsInfo reads it from there.
    const connector = {
      conversations: {
        getConversationMember: async (_conversationId: string, userId: string) => {
          this.lookups.push(userId);
          const m = this.members.get(userId);
          if (!m) throw new RestError('The member was not found in the conversation.', { code: 'MemberNotFoundInConversation', statusCode: 404 });
          return structuredClone(m);
        },
      },
    };
    this.use(async (ctx, next) => {
      ctx.turnState.set(this.ConnectorClientKey, connector);
      await next();
    });
  }
  /** Returns an error to throw for this send, as Teams' REST API would, or undefined to accept it. */
  refuse: ((activity: Partial<Activity>, sent: SentActivity[]) => unknown) | undefined;
  private waiters: { pred: () => boolean; resolve: () => void }[] = [];

  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: unknown,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const logic = (typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic) as (context: TurnContext) => Promise<void>;
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'ContinueConversation' }, reference, true);
    await this.runMiddleware(this.createContext(activity), logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const out: ResourceResponse[] = [];
    for (const activity of activities) {
      const record: SentActivity = { activity: structuredClone(activity), refused: false };
      const error = this.refuse?.(record.activity, this.sent);
      record.refused = Boolean(error);
      if (!error) {
        const [res] = await super.sendActivities(context, [activity]);
        record.id = res.id;
        out.push(res);
      }
      this.sent.push(record);
      this.notify();
      if (error) throw error;
    }
    return out;
  }

  /** Resolves once `pred` holds for what has been sent. */
  waitFor(pred: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; sent: ${JSON.stringify(this.sent.map((s) => s.activity.type))}`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private notify() {
    for (const w of [...this.waiters]) {
      if (w.pred()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }
}

/** The streaminfo entity of an activity, if it has one. */
export function streamInfoOf(a: Partial<Activity>): { streamType?: string; streamSequence?: number; streamId?: string } | undefined {
  return a.entities?.find((e) => e.type === 'streaminfo') as never;
}
