import type { RunEvent } from '../../../agent/events';
import type { ArtifactKindName, ChatMessage, ConversationHistory, StoredArtifactView, TimelineEvent, ToolStep } from './types';

/** One conversation as the screen shows it, plus the last seq seen per run for de-duplication. */
export interface ConversationState {
  messages: ChatMessage[];
  seen: Record<string, number>;
  /** The run still producing events, if any. */
  activeRunId: string | null;
}

export const emptyConversation: ConversationState = { messages: [], seen: {}, activeRunId: null };

interface RunRecord {
  tools: ToolStep[];
  error?: { code: string; message: string };
  cancelled?: boolean;
}

/** Each run's tool steps and ending, from the stored timeline. */
function runRecords(timeline: TimelineEvent[]): Map<string, RunRecord> {
  const runs = new Map<string, RunRecord>();
  for (const e of timeline) {
    const r = runs.get(e.runId) ?? { tools: [] };
    runs.set(e.runId, r);
    const p = e.payload;
    if (e.type === 'tool:started') r.tools.push({ callId: String(p.callId), name: String(p.name), state: 'running' });
    else if (e.type === 'tool:finished') {
      r.tools = r.tools.map((t) => (t.callId === p.callId ? { ...t, state: p.ok ? 'done' : 'failed', summary: p.summary as string | undefined, error: p.error as string | undefined } : t));
    } else if (e.type === 'run:error') r.error = { code: String(p.code), message: String(p.message ?? '') };
    else r.cancelled = true;
  }
  return runs;
}

/**
 * Builds the screen from stored history: messages, each answer's artifacts and tool steps, and
 * the ending of runs that stopped before saying anything. A run's answer not saved yet (still
 * streaming) is filled in by replayed events.
 */
export function fromHistory(history: ConversationHistory, artifacts: StoredArtifactView[], timeline: TimelineEvent[] = []): ConversationState {
  const byRun = new Map<string, StoredArtifactView[]>();
  for (const a of artifacts) byRun.set(a.runId, [...(byRun.get(a.runId) ?? []), a]);
  const records = runRecords(timeline);
  const answeredRuns = new Set(history.messages.filter((m) => m.role === 'assistant' && m.runId).map((m) => m.runId));
  const messages: ChatMessage[] = [];
  for (const m of history.messages) {
    const record = m.runId ? records.get(m.runId) : undefined;
    const stopped = m.status === 'error' || m.status === 'interrupted';
    messages.push({
      key: `${m.role}:${m.id}`,
      role: m.role,
      runId: m.runId,
      text: m.text,
      status: m.status === 'complete' ? 'complete' : m.status,
      error: stopped ? (record?.error ?? { code: m.status === 'interrupted' ? 'run:interrupted' : 'run:error', message: '' }) : undefined,
      tools: m.role === 'assistant' ? (record?.tools ?? []) : [],
      artifacts: m.role === 'assistant' && m.runId ? (byRun.get(m.runId) ?? []).map(({ runId: _r, ...a }) => a) : [],
    });
    // A run that ended before any words has no stored answer: show how it ended under its question.
    if (m.role === 'user' && m.runId && !answeredRuns.has(m.runId) && record && (record.error || record.cancelled) && m.runId !== history.activeRunId) {
      messages.push({
        key: `run:${m.runId}`,
        role: 'assistant',
        runId: m.runId,
        text: '',
        status: record.error ? (record.error.code === 'run:interrupted' ? 'interrupted' : 'error') : 'cancelled',
        error: record.error,
        tools: record.tools,
        artifacts: (byRun.get(m.runId) ?? []).map(({ runId: _r, ...a }) => a),
      });
      answeredRuns.add(m.runId);
    }
  }
  const seen: Record<string, number> = {};
  const answered = answeredRuns as Set<string>;
  // A finished run whose answer is stored needs no replay: everything up to its last seq is on screen.
  if (history.latestRun && answered.has(history.latestRun.id)) seen[history.latestRun.id] = history.latestRun.lastSeq;
  for (const id of answered) seen[id] ??= Number.MAX_SAFE_INTEGER;
  return { messages, seen, activeRunId: history.activeRunId };
}

function assistantFor(runId: string): ChatMessage {
  return { key: `run:${runId}`, role: 'assistant', runId, text: '', status: 'streaming', tools: [], artifacts: [] };
}

/**
 * Applies one run event. Events of a run are applied once each and in seq order; a replayed or
 * duplicated event (seq already seen) leaves the state as it was.
 */
export function applyEvent(state: ConversationState, e: RunEvent): ConversationState {
  if (e.seq <= (state.seen[e.runId] ?? 0)) return state;
  const seen = { ...state.seen, [e.runId]: e.seq };
  let messages = state.messages;
  let index = messages.findIndex((m) => m.role === 'assistant' && m.runId === e.runId);
  if (index < 0) {
    messages = [...messages, assistantFor(e.runId)];
    index = messages.length - 1;
  }
  const m = messages[index];
  let next: ChatMessage = m;
  let activeRunId = state.activeRunId;
  switch (e.type) {
    case 'run:started':
      activeRunId = e.runId;
      break;
    case 'message:delta':
      next = { ...m, text: m.text + e.text };
      break;
    case 'tool:started':
      next = { ...m, tools: [...m.tools, { callId: e.callId, name: e.name, state: 'running' }] };
      break;
    case 'tool:progress':
      next = { ...m, tools: m.tools.map((t) => (t.callId === e.callId ? { ...t, progress: e.message } : t)) };
      break;
    case 'tool:finished':
      next = {
        ...m,
        tools: m.tools.map((t) => (t.callId === e.callId ? { ...t, state: e.ok ? 'done' : 'failed', summary: e.summary, error: e.error, progress: undefined } : t)),
      };
      break;
    case 'artifact':
      next = m.artifacts.some((a) => a.id === e.id)
        ? m
        : { ...m, artifacts: [...m.artifacts, { id: e.id, kind: e.kind as ArtifactKindName, title: e.title, data: e.data, callId: e.callId }] };
      break;
    case 'message:completed':
      next = { ...m, text: e.text, status: 'complete' };
      break;
    case 'run:error':
      next = { ...m, status: e.code === 'run:interrupted' ? 'interrupted' : 'error', error: { code: e.code, message: e.message } };
      break;
    case 'run:cancelled':
      next = { ...m, status: 'cancelled' };
      break;
  }
  if (e.type === 'message:completed' || e.type === 'run:error' || e.type === 'run:cancelled') {
    if (activeRunId === e.runId) activeRunId = null;
  } else if (e.type !== 'run:started' && m.status === 'streaming') {
    activeRunId ??= e.runId;
  }
  if (next !== m) messages = messages.map((x, i) => (i === index ? next : x));
  // A run's user message is sent before its answer: keep the answer right after it.
  return { messages, seen, activeRunId };
}

/** Adds the user's words as soon as they are sent, before the server acknowledges them. */
export function addLocalUserMessage(state: ConversationState, key: string, text: string): ConversationState {
  return { ...state, messages: [...state.messages, { key, role: 'user', text, status: 'complete', tools: [], artifacts: [] }] };
}

/** Ties the optimistic user message to its run once the ack arrives, and marks the run active. */
export function acknowledgeSend(state: ConversationState, key: string, runId: string): ConversationState {
  const finished = state.messages.some((m) => m.role === 'assistant' && m.runId === runId && m.status !== 'streaming');
  return {
    ...state,
    activeRunId: finished ? state.activeRunId : runId,
    messages: state.messages.map((m) => (m.key === key ? { ...m, runId } : m)),
  };
}

/** Marks the optimistic user message as not sent, with the reason. */
export function failSend(state: ConversationState, key: string, error: { code: string; message: string }): ConversationState {
  return { ...state, messages: state.messages.map((m) => (m.key === key ? { ...m, status: 'error', error } : m)) };
}

/** The text of the newest user message that started a run (for Regenerate and Edit). */
export function lastUserMessage(state: ConversationState): ChatMessage | undefined {
  return [...state.messages].reverse().find((m) => m.role === 'user' && m.status !== 'error');
}
