import { AIMessage, type BaseMessage, ToolMessage } from '@langchain/core/messages';

/** The OpenAI chat-completions message shape that Groq and every compatible server accept. */
export type WireMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: WireToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface WireTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export function messageText(m: BaseMessage): string {
  const c = m.content;
  if (typeof c === 'string') return c;
  return c
    .map((part) => (typeof part === 'string' ? part : part.type === 'text' ? String((part as { text: string }).text) : ''))
    .join('');
}

/** LangChain messages → wire messages. Unknown message types are a bug, not something to drop. */
export function toWireMessages(messages: BaseMessage[]): WireMessage[] {
  return messages.map((m): WireMessage => {
    const type = m.getType();
    if (type === 'system') return { role: 'system', content: messageText(m) };
    if (type === 'human') return { role: 'user', content: messageText(m) };
    if (type === 'ai') {
      const calls = (m as AIMessage).tool_calls ?? [];
      const text = messageText(m);
      return calls.length
        ? {
            role: 'assistant',
            content: text || null,
            tool_calls: calls.map((c) => ({
              id: c.id ?? '',
              type: 'function',
              function: { name: c.name, arguments: JSON.stringify(c.args ?? {}) },
            })),
          }
        : { role: 'assistant', content: text };
    }
    if (type === 'tool') return { role: 'tool', tool_call_id: (m as ToolMessage).tool_call_id, content: messageText(m) };
    throw new Error(`cannot send a '${type}' message to the model`);
  });
}
