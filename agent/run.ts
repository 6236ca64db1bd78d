import { randomUUID } from 'node:crypto';
import { HumanMessage } from '@langchain/core/messages';
import { GraphRecursionError } from '@langchain/langgraph';
import { ParleyError, toUserError } from './errors';
import type { RunEventDraft, TokenUsage } from './events';
import type { AgentGraph, AgentRunContext } from './graph';

export interface ExecuteRunOptions {
  graph: AgentGraph;
  conversationId: string;
  userMessageId: string;
  text: string;
  modelName: string;
  prompts: Record<string, string>;
  signal: AbortSignal;
  /** How many model ⇄ tools steps one answer may take. */
  maxSteps?: number;
  context: Omit<AgentRunContext, 'addUsage' | 'emit'>;
  emit(event: RunEventDraft): Promise<void>;
}

export interface RunOutcome {
  status: 'completed' | 'error' | 'cancelled';
  text: string;
  usage: TokenUsage;
  messageId?: string;
  error?: { code: string; message: string };
}

function isAbort(e: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (e instanceof Error && e.name === 'AbortError');
}

/**
 * The one place where a LangGraph run becomes Parley's run event stream:
 * run:started, then deltas/tools/artifacts from the graph, then exactly one terminal event.
 */
export async function executeRun(o: ExecuteRunOptions): Promise<RunOutcome> {
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  let text = '';
  const emit = async (e: RunEventDraft) => {
    if (e.type === 'message:delta') text += e.text;
    await o.emit(e);
  };
  await emit({ type: 'run:started', model: o.modelName, prompts: o.prompts, userMessageId: o.userMessageId });
  try {
    await o.graph.invoke(
      { messages: [new HumanMessage({ content: o.text, id: o.userMessageId })] },
      {
        configurable: { thread_id: o.conversationId },
        context: {
          ...o.context,
          emit,
          addUsage(u: TokenUsage) {
            usage.inputTokens += u.inputTokens;
            usage.outputTokens += u.outputTokens;
            usage.totalTokens += u.totalTokens;
          },
        } satisfies AgentRunContext,
        signal: o.signal,
        recursionLimit: (o.maxSteps ?? 8) * 2 + 1,
      },
    );
  } catch (e) {
    // An abort with a ParleyError reason (server shutdown) is an error the user should read, not a cancel.
    if (isAbort(e, o.signal) && !(o.signal.reason instanceof ParleyError)) {
      await o.emit({ type: 'run:cancelled' });
      return { status: 'cancelled', text, usage };
    }
    const err = o.signal.reason instanceof ParleyError
      ? o.signal.reason
      : e instanceof GraphRecursionError
        ? new ParleyError('agent:too_many_steps', {
            userMessage: 'This question needed more steps than Parley allows in one answer. Try a narrower question.',
          })
        : e;
    if (!(err instanceof ParleyError)) o.context.log.error({ err: e }, 'run failed');
    else o.context.log.warn({ code: err.code, err: err.message }, 'run failed');
    const error = toUserError(err);
    await o.emit({ type: 'run:error', ...error });
    return { status: 'error', text, usage, error };
  }
  const messageId = randomUUID();
  await o.emit({ type: 'message:completed', messageId, text, usage: { ...usage } });
  return { status: 'completed', text, usage, messageId };
}
