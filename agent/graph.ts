import { AIMessage, AIMessageChunk, type BaseMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { END, MessagesAnnotation, START, StateGraph, type BaseCheckpointSaver, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { toWireTool, type ArtifactDraft, type ParleyTool, type ToolContext, type ToolResult } from '../tools/index';
import { ParleyError } from './errors';
import type { RunEventDraft, TokenUsage } from './events';

/** What one run hands the graph; never checkpointed. */
export interface AgentRunContext {
  systemPrompt: string;
  /** Records and fans out one event; resolves once the event is persisted. Never rejects. */
  emit(event: RunEventDraft): Promise<void>;
  /** Builds the context one tool call runs in. */
  toolContext(callId: string, toolName: string): ToolContext;
  /** Stores an artifact and returns its id. */
  saveArtifact(artifact: ArtifactDraft, callId: string): Promise<string>;
  /** Adds one model call's token usage to the run's total. */
  addUsage(usage: TokenUsage): void;
  log: ToolContext['log'];
}

export interface AgentGraphDeps {
  model: BaseChatModel;
  /** Answers instead when `model` cannot be reached at all (the offline planner). */
  fallbackModel?: BaseChatModel;
  tools: ParleyTool[];
  checkpointer?: BaseCheckpointSaver;
}

function runContext(config: LangGraphRunnableConfig): AgentRunContext {
  const ctx = config.context as AgentRunContext | undefined;
  if (!ctx?.emit) throw new Error('the agent graph was invoked without its run context');
  return ctx;
}

/**
 * A tool call left without an answer (a cancelled or crashed run) makes every OpenAI-compatible
 * API refuse the next request; answer such calls as cancelled before the model sees them.
 */
export function repairDanglingToolCalls(messages: BaseMessage[]): BaseMessage[] {
  const out: BaseMessage[] = [];
  messages.forEach((m, i) => {
    out.push(m);
    const calls = m.getType() === 'ai' ? ((m as AIMessage).tool_calls ?? []) : [];
    if (!calls.length) return;
    const answered = new Set<string>();
    for (let j = i + 1; j < messages.length && messages[j].getType() === 'tool'; j++) {
      answered.add((messages[j] as ToolMessage).tool_call_id);
    }
    for (const c of calls) {
      if (c.id && !answered.has(c.id)) {
        out.push(new ToolMessage({ tool_call_id: c.id, name: c.name, content: JSON.stringify({ error: 'this step was cancelled before it finished' }) }));
      }
    }
  });
  return out;
}

/** What the model reads back from a tool: JSON with the summary and content, or the error. */
export function toolResultForModel(result: ToolResult): string {
  return JSON.stringify(result.ok ? { summary: result.summary, content: result.content } : { error: result.error, userError: result.userError });
}

export function createAgentGraph({ model, fallbackModel, tools, checkpointer }: AgentGraphDeps) {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const wireTools = tools.map(toWireTool);
  if (!model.bindTools) throw new Error('the chat model cannot bind tools');
  const modelWithTools = model.bindTools(wireTools);
  const fallbackWithTools = fallbackModel?.bindTools?.(wireTools);

  async function callModel(state: typeof MessagesAnnotation.State, config: LangGraphRunnableConfig) {
    const ctx = runContext(config);
    const input = [new SystemMessage(ctx.systemPrompt), ...repairDanglingToolCalls(state.messages)];
    let acc: AIMessageChunk | undefined;
    const consume = async (runnable: typeof modelWithTools) => {
      const stream = await runnable.stream(input, { signal: config.signal });
      for await (const chunk of stream) {
        acc = acc ? acc.concat(chunk as AIMessageChunk) : (chunk as AIMessageChunk);
        const text = typeof chunk.content === 'string' ? chunk.content : '';
        // Not awaited: deltas queue in order behind the persistence writer, which batches them;
        // the events after them (awaited) cannot overtake them.
        if (text) void ctx.emit({ type: 'message:delta', text });
      }
    };
    try {
      await consume(modelWithTools);
    } catch (e) {
      // Only an unreachable model with nothing said yet falls back; a half-streamed answer must not be mixed.
      const unreachable = e instanceof ParleyError && e.code === 'model:unavailable';
      if (!unreachable || acc || !fallbackWithTools || config.signal?.aborted) throw e;
      ctx.log.warn({ err: e.message }, 'the model is unreachable; the offline planner answers');
      await consume(fallbackWithTools);
    }
    const final = acc ?? new AIMessageChunk({ content: '' });
    const u = final.usage_metadata;
    if (u) ctx.addUsage({ inputTokens: u.input_tokens, outputTokens: u.output_tokens, totalTokens: u.total_tokens });
    const message = new AIMessage({
      id: final.id,
      content: typeof final.content === 'string' ? final.content : '',
      tool_calls: final.tool_calls ?? [],
      invalid_tool_calls: final.invalid_tool_calls,
      usage_metadata: final.usage_metadata,
      response_metadata: final.response_metadata,
    });
    return { messages: [message] };
  }

  async function callTools(state: typeof MessagesAnnotation.State, config: LangGraphRunnableConfig) {
    const ctx = runContext(config);
    const last = state.messages[state.messages.length - 1] as AIMessage;
    const results: ToolMessage[] = [];
    const calls = [
      ...(last.tool_calls ?? []),
      // A call whose arguments were not valid JSON still gets an answer the model can learn from.
      ...(last.invalid_tool_calls ?? []).map((c) => ({ id: c.id, name: c.name ?? 'unknown', args: undefined, invalid: c.error ?? 'arguments are not valid JSON' })),
    ];
    for (const call of calls) {
      const callId = call.id ?? `call_${results.length}`;
      const name = call.name;
      await ctx.emit({ type: 'tool:started', callId, name, input: call.args ?? null });
      const result = await runOneTool(byName.get(name), call, callId, ctx, config.signal);
      let artifactId: string | undefined;
      if (result.ok) {
        for (const artifact of result.artifacts ?? []) {
          const id = await ctx.saveArtifact(artifact, callId);
          artifactId ??= id;
          await ctx.emit({ type: 'artifact', id, kind: artifact.kind, title: artifact.title, data: artifact.data, callId });
        }
      }
      await ctx.emit(
        result.ok
          ? { type: 'tool:finished', callId, ok: true, summary: result.summary, artifactId }
          : { type: 'tool:finished', callId, ok: false, summary: `${name} failed`, error: result.userError ?? result.error },
      );
      results.push(new ToolMessage({ tool_call_id: callId, name, content: toolResultForModel(result), status: result.ok ? 'success' : 'error' }));
    }
    return { messages: results };
  }

  async function runOneTool(
    tool: ParleyTool | undefined,
    call: { name: string; args?: unknown; invalid?: string },
    callId: string,
    ctx: AgentRunContext,
    signal: AbortSignal | undefined,
  ): Promise<ToolResult> {
    if (!tool) return { ok: false, error: `there is no tool named '${call.name}'; available: ${[...byName.keys()].join(', ')}` };
    if ('invalid' in call && call.invalid) return { ok: false, error: `the arguments for ${call.name} could not be read: ${call.invalid}` };
    const parsed = tool.schema.safeParse(call.args ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
      return { ok: false, error: `invalid arguments for ${tool.name}: ${issues}` };
    }
    try {
      return await tool.run(parsed.data, ctx.toolContext(callId, tool.name));
    } catch (e) {
      if (signal?.aborted) throw e;
      // A tool bug must not kill the run: log it, tell the model the step failed.
      ctx.log.error({ err: e, tool: tool.name, callId }, 'tool threw');
      return { ok: false, error: `${tool.name} failed unexpectedly; try a different approach` };
    }
  }

  function route(state: typeof MessagesAnnotation.State): 'tools' | typeof END {
    const last = state.messages[state.messages.length - 1] as AIMessage;
    return last.tool_calls?.length || last.invalid_tool_calls?.length ? 'tools' : END;
  }

  return new StateGraph(MessagesAnnotation)
    .addNode('model', callModel)
    .addNode('tools', callTools)
    .addEdge(START, 'model')
    .addConditionalEdges('model', route, ['tools', END])
    .addEdge('tools', 'model')
    .compile({ checkpointer });
}

export type AgentGraph = ReturnType<typeof createAgentGraph>;
