import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ParleyCallOptions } from './groq-chat-model';
import type { ParleyTool } from '../../tools/types';
import { GroqChatModel } from './groq-chat-model';
import { OfflinePlanner } from './offline-planner';

export interface ModelSettings {
  /** Unset: the offline planner answers. */
  groqApiKey?: string;
  groqBaseUrl?: string;
  model: string;
  maxRetries?: number;
  timeoutMs?: number;
}

export interface ChatModelChoice {
  model: BaseChatModel<ParleyCallOptions>;
  /** The offline planner, standing by for when the configured model cannot be reached. */
  fallback?: BaseChatModel<ParleyCallOptions>;
  /** What run:started reports. */
  name: string;
  offline: boolean;
}

/** Groq (or any OpenAI-compatible server) when a key is set, the offline planner otherwise. */
export function createChatModel(settings: ModelSettings, tools: ParleyTool[]): ChatModelChoice {
  const routes = tools.flatMap((t) => (t.offline ? [{ tool: t.name, ...t.offline }] : []));
  if (!settings.groqApiKey) return { model: new OfflinePlanner(routes), name: 'offline-planner', offline: true };
  return {
    model: new GroqChatModel({
      apiKey: settings.groqApiKey,
      baseURL: settings.groqBaseUrl,
      model: settings.model,
      maxRetries: settings.maxRetries,
      timeoutMs: settings.timeoutMs,
    }),
    fallback: new OfflinePlanner(routes),
    name: settings.model,
    offline: false,
  };
}

export { GroqChatModel } from './groq-chat-model';
export { OfflinePlanner, OFFLINE_NOTICE } from './offline-planner';
