import type { BindToolsInput } from '@langchain/core/language_models/chat_models';
import { BaseChatModel, type BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import Groq from 'groq-sdk';
import type { CompletionUsage } from 'groq-sdk/resources/completions';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'groq-sdk/resources/chat/completions';
import { ParleyError } from '../errors';
import { toWireMessages, type WireTool } from './openai-messages';

export interface GroqChatModelOptions {
  apiKey: string;
  model: string;
  /** Groq's own API when absent; any OpenAI-compatible server otherwise (requests go to {baseURL}/openai/v1/…). */
  baseURL?: string;
  /** Retries on 429 and 5xx, with backoff honouring retry-after (done by groq-sdk). */
  maxRetries?: number;
  timeoutMs?: number;
  temperature?: number;
  maxTokens?: number;
}

export interface ParleyCallOptions extends BaseChatModelCallOptions {
  tools?: WireTool[];
}

/**
 * A LangChain chat model over groq-sdk: streaming, tool calls and usage, with provider errors
 * turned into ParleyErrors (model:auth, model:rate_limited, …).
 */
export class GroqChatModel extends BaseChatModel<ParleyCallOptions> {
  readonly modelName: string;
  private readonly client: Groq;
  private readonly opts: GroqChatModelOptions;

  constructor(opts: GroqChatModelOptions) {
    super({});
    this.opts = opts;
    this.modelName = opts.model;
    this.client = new Groq({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      maxRetries: opts.maxRetries ?? 3,
      timeout: opts.timeoutMs ?? 60_000,
    });
  }

  _llmType(): string {
    return 'groq';
  }

  override bindTools(tools: BindToolsInput[]) {
    return this.withConfig({ tools: tools as WireTool[] } as Partial<ParleyCallOptions>);
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    let acc: AIMessageChunk | undefined;
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
      acc = acc ? acc.concat(chunk.message as AIMessageChunk) : (chunk.message as AIMessageChunk);
    }
    const message = acc ?? new AIMessageChunk({ content: '' });
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    let stream: AsyncIterable<ChatCompletionChunk>;
    try {
      stream = await this.client.chat.completions.create(
        {
          model: this.opts.model,
          messages: toWireMessages(messages) as Groq.Chat.ChatCompletionMessageParam[],
          tools: options.tools?.length ? (options.tools as Groq.Chat.ChatCompletionTool[]) : undefined,
          temperature: this.opts.temperature ?? 0.2,
          max_tokens: this.opts.maxTokens,
          stream: true,
          // OpenAI-compatible servers send usage in a last chunk only when asked; Groq sends x_groq.usage.
          stream_options: { include_usage: true },
        } as ChatCompletionCreateParamsStreaming,
        { signal: options.signal },
      );
    } catch (e) {
      throw toModelError(e, options.signal);
    }
    try {
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const delta = choice?.delta;
        // OpenAI-compatible servers put usage on the chunk itself; Groq puts it under x_groq.
        const usage = (chunk as ChatCompletionChunk & { usage?: CompletionUsage | null }).usage ?? chunk.x_groq?.usage;
        const toolCallChunks = (delta?.tool_calls ?? []).map((tc: ChatCompletionChunk.Choice.Delta.ToolCall) => ({
          index: tc.index,
          id: tc.id,
          name: tc.function?.name,
          args: tc.function?.arguments ?? '',
          type: 'tool_call_chunk' as const,
        }));
        const text = delta?.content ?? '';
        if (!text && !toolCallChunks.length && !usage) continue;
        const message = new AIMessageChunk({
          content: text,
          tool_call_chunks: toolCallChunks,
          usage_metadata: usage
            ? { input_tokens: usage.prompt_tokens ?? 0, output_tokens: usage.completion_tokens ?? 0, total_tokens: usage.total_tokens ?? 0 }
            : undefined,
          response_metadata: choice?.finish_reason ? { finish_reason: choice.finish_reason, model: chunk.model } : {},
        });
        yield new ChatGenerationChunk({ text, message });
        if (text) await runManager?.handleLLMNewToken(text);
      }
    } catch (e) {
      throw toModelError(e, options.signal);
    }
  }
}

/** Provider errors → ParleyError with a code; aborts stay aborts so the runtime can report a cancel. */
export function toModelError(e: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted || e instanceof Groq.APIUserAbortError) {
    const err = new Error('aborted');
    err.name = 'AbortError';
    return err;
  }
  if (e instanceof Groq.AuthenticationError || e instanceof Groq.PermissionDeniedError) {
    return new ParleyError('model:auth', { message: `model auth failed: ${(e as Error).message}`, cause: e });
  }
  if (e instanceof Groq.RateLimitError) return new ParleyError('model:rate_limited', { message: String(e), cause: e });
  if (e instanceof Groq.APIConnectionError) return new ParleyError('model:unavailable', { message: String(e), cause: e });
  if (e instanceof Groq.BadRequestError || e instanceof Groq.UnprocessableEntityError || e instanceof Groq.NotFoundError) {
    return new ParleyError('model:bad_request', { message: String(e), cause: e });
  }
  if (e instanceof Groq.APIError) return new ParleyError('model:failed', { message: String(e), cause: e });
  return e;
}
