import type { BindToolsInput } from '@langchain/core/language_models/chat_models';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, type BaseMessage, type ToolMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { ParleyCallOptions } from './groq-chat-model';
import { messageText, type WireTool } from './openai-messages';

import type { OfflineUse, ToolResultForModel } from '../../tools/types';

export interface OfflinePlannerRoute extends OfflineUse {
  tool: string;
}

export const OFFLINE_NOTICE =
  'I am the offline planner: Parley is running without a language model, so I match your question to a tool by keywords and summarise the result. ' +
  'For free-form questions, set GROQ_API_KEY (and optionally PARLEY_MODEL) and restart Parley.';

/**
 * A deterministic chat model for when no LLM is configured. It routes the latest question to
 * the first bound tool whose route accepts it, then summarises the tool's result in plain words.
 */
export class OfflinePlanner extends BaseChatModel<ParleyCallOptions> {
  readonly modelName = 'offline-planner';
  private readonly routes: OfflinePlannerRoute[];

  constructor(routes: OfflinePlannerRoute[]) {
    super({});
    this.routes = routes;
  }

  _llmType(): string {
    return 'offline-planner';
  }

  override bindTools(tools: BindToolsInput[]) {
    return this.withConfig({ tools: tools as WireTool[] } as Partial<ParleyCallOptions>);
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const message = this.plan(messages, options);
    return { generations: [{ text: messageText(message), message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const message = this.plan(messages, options);
    const text = messageText(message);
    // Word by word, so every channel shows the offline planner streaming like a real model.
    const pieces = text.match(/\S+\s*|\s+/g) ?? [];
    for (const piece of pieces) {
      options.signal?.throwIfAborted();
      yield new ChatGenerationChunk({ text: piece, message: new AIMessageChunk({ content: piece }) });
      await runManager?.handleLLMNewToken(piece);
    }
    if (message.tool_calls?.length) {
      yield new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({
          content: '',
          tool_call_chunks: message.tool_calls.map((c, index) => ({
            index,
            id: c.id,
            name: c.name,
            args: JSON.stringify(c.args),
            type: 'tool_call_chunk' as const,
          })),
        }),
      });
    }
  }

  private plan(messages: BaseMessage[], options: this['ParsedCallOptions']): AIMessageChunk {
    const lastHuman = findLastIndex(messages, (m) => m.getType() === 'human');
    const question = lastHuman >= 0 ? messageText(messages[lastHuman]).trim() : '';
    // Said once per conversation: in the first answer, or the first since the planner took over.
    const firstAnswer = !messages.some((m) => m.getType() === 'ai' && messageText(m).includes(OFFLINE_NOTICE));
    const notice = firstAnswer ? `${OFFLINE_NOTICE}\n\n` : '';
    const toolResults = messages.slice(lastHuman + 1).filter((m): m is ToolMessage => m.getType() === 'tool');

    const bound = new Set((options.tools ?? []).map((t) => t.function.name));
    const call = (tool: string, args: Record<string, unknown>) =>
      new AIMessageChunk({ content: notice, tool_calls: [{ id: `offline_${tool}_${messages.length}`, name: tool, args, type: 'tool_call' }] });
    const picked = this.pickRoute(question, bound);

    if (toolResults.length) {
      // A two-step plan: the first step (the query) succeeded, so the tool it prepared runs next.
      // The first step may be the same tool as the second (a database query before a comparison over
      // the files): the plan is done when the route's tool has answered after the first step.
      const first = picked?.prepared ? toolResults[0] : undefined;
      const isFirst = (m: ToolMessage) => Boolean(first && m === first && m.name === picked!.prepared!.tool);
      const done = toolResults.some((m) => m.name === picked?.route.tool && !isFirst(m));
      if (picked && first && isFirst(first) && !done && !this.toolFailed(first)) return call(picked.route.tool, picked.args);
      // The first step of a two-step plan is said in one line (its rows are in its table); the answer is the last step's.
      const parts = toolResults.map((m) => this.summarize(m, isFirst(m) && !this.toolFailed(m)));
      return new AIMessageChunk({ content: notice + parts.join('\n\n') });
    }

    if (picked) return picked.prepared ? call(picked.prepared.tool, picked.prepared.args) : call(picked.route.tool, picked.args);
    const examples = this.routes.filter((r) => bound.has(r.tool)).map((r) => r.tool);
    return new AIMessageChunk({
      content:
        notice +
        `I could not match "${truncate(question, 120)}" to anything I can do offline, so I will not guess. ` +
        (examples.length
          ? `Offline I can use: ${examples.join(', ')}. Try asking "what data can I ask about?".`
          : 'No tools are available to me right now.'),
    });
  }

  /** The first bound tool whose route accepts the question, and the step it needs first when that tool is bound. */
  private pickRoute(question: string, bound: Set<string>) {
    for (const route of this.routes) {
      if (!bound.has(route.tool)) continue;
      const args = route.route(question);
      if (!args) continue;
      const step = route.prepare?.(question);
      return { route, args, prepared: step && bound.has(step.tool) ? step : undefined };
    }
    return undefined;
  }

  private toolFailed(m: ToolMessage): boolean {
    try {
      return Boolean((JSON.parse(messageText(m)) as ToolResultForModel).error);
    } catch {
      return true;
    }
  }

  private summarize(m: ToolMessage, brief = false): string {
    const route = this.routes.find((r) => r.tool === m.name);
    let parsed: ToolResultForModel;
    try {
      parsed = JSON.parse(messageText(m));
    } catch {
      parsed = { summary: messageText(m) };
    }
    // userError, when present, is what people may see (raw database text stays out of the chat).
    if (parsed.error) return `The ${m.name ?? 'tool'} step failed: ${parsed.userError ?? parsed.error}`;
    if (brief && parsed.summary) return parsed.summary;
    return route?.summarize ? route.summarize(parsed) : (parsed.summary ?? 'Done.');
  }
}

function findLastIndex<T>(xs: T[], pred: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (pred(xs[i])) return i;
  return -1;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
