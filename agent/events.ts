import { z } from 'zod';
import type { ArtifactKind } from '../tools/types';

/**
 * The run event stream: the one contract every channel (web, Slack, Teams, evals) consumes.
 * Every event carries runId, conversationId and a gapless per-run seq (1, 2, 3 …).
 */
export const RUN_EVENT_TYPES = [
  'run:started',
  'message:delta',
  'tool:started',
  'tool:progress',
  'tool:finished',
  'artifact',
  'message:completed',
  'run:error',
  'run:cancelled',
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** Events after which a run emits nothing more. */
export const TERMINAL_EVENT_TYPES = ['message:completed', 'run:error', 'run:cancelled'] as const satisfies readonly RunEventType[];

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface RunEventPayloads {
  'run:started': { model: string; prompts: Record<string, string>; userMessageId: string };
  'message:delta': { text: string };
  'tool:started': { callId: string; name: string; input: unknown };
  'tool:progress': { callId: string; message: string; pct?: number };
  'tool:finished': { callId: string; ok: boolean; summary: string; artifactId?: string; error?: string };
  artifact: { id: string; kind: ArtifactKind; title?: string; data: unknown; callId?: string };
  'message:completed': { messageId: string; text: string; usage: TokenUsage };
  'run:error': { code: string; message: string };
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  'run:cancelled': {};
}

export interface RunEventBase {
  runId: string;
  conversationId: string;
  seq: number;
  /** ISO time the event was recorded. */
  at: string;
}

export type RunEvent = { [K in RunEventType]: RunEventBase & { type: K } & RunEventPayloads[K] }[RunEventType];
export type RunEventOf<K extends RunEventType> = Extract<RunEvent, { type: K }>;
/** An event as the agent produces it; the runtime adds runId, conversationId, seq and time. */
export type RunEventDraft = { [K in RunEventType]: { type: K } & RunEventPayloads[K] }[RunEventType];

export function isTerminal(type: RunEventType): boolean {
  return (TERMINAL_EVENT_TYPES as readonly string[]).includes(type);
}

// ---- Client → server payloads (validated with zod at the gateway) ----

const id = z.string().min(1).max(100);

export const chatSendSchema = z.object({
  text: z.string().trim().min(1, 'text must not be empty').max(20_000, 'text must be at most 20,000 characters'),
  conversationId: id.optional(),
  attachments: z.array(z.object({ uploadId: id })).max(20).optional(),
  datasource: z.string().min(1).max(200).optional(),
});
export type ChatSendPayload = z.infer<typeof chatSendSchema>;

export const chatCancelSchema = z.object({ runId: id.optional(), conversationId: id.optional() }).refine(
  (v) => v.runId || v.conversationId,
  'give runId or conversationId',
);
export type ChatCancelPayload = z.infer<typeof chatCancelSchema>;

export const conversationJoinSchema = z.object({
  conversationId: id,
  /** The run to replay; the conversation's latest run when absent. */
  runId: id.optional(),
  /** Replay only events with seq greater than this. */
  afterSeq: z.number().int('afterSeq must be a whole number').min(0, 'afterSeq must be 0 or more').max(2_147_483_647, 'afterSeq must be at most 2147483647 (seq is a 32-bit integer)').optional(),
});
export type ConversationJoinPayload = z.infer<typeof conversationJoinSchema>;

export interface ErrorBody {
  code: string;
  message: string;
  /** With `rate_limited`: seconds until the request would be accepted. */
  retryAfterSeconds?: number;
}
/** Every Socket.IO request is answered through its ack with one of these. */
export type Ack<T> = { data: T } | { error: ErrorBody };

export interface ChatSendResult {
  conversationId: string;
  runId: string;
}
export interface JoinResult {
  conversationId: string;
  runId: string | null;
  /** Events replayed before live ones; the client may ignore any seq it already has. */
  replayed: number;
  /** Whether that run is still producing events. */
  active: boolean;
}

export type ServerToClientEvents = { [K in RunEventType]: (event: RunEventOf<K>) => void };

export interface ClientToServerEvents {
  'chat:send': (payload: ChatSendPayload, ack: (res: Ack<ChatSendResult>) => void) => void;
  'chat:cancel': (payload: ChatCancelPayload, ack: (res: Ack<{ cancelled: boolean }>) => void) => void;
  'conversation:join': (payload: ConversationJoinPayload, ack: (res: Ack<JoinResult>) => void) => void;
}
