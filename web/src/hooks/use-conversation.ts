import { useCallback, useEffect, useRef, useState } from 'react';
import type { Ack, ChatSendResult, JoinResult, RunEvent } from '../../../agent/events';
import { AUTH_REQUIRED, ApiError, RATE_LIMITED, api } from '../lib/api';
import {
  acknowledgeSend,
  addLocalUserMessage,
  applyEvent,
  emptyConversation,
  failSend,
  fromHistory,
  lastUserMessage,
  type ConversationState,
} from '../state/conversation-state';
import type { ConversationHistory, StoredArtifactView, TimelineEvent } from '../state/types';
import type { ChatSocket } from './use-socket';

export interface UseConversationOptions {
  socket: ChatSocket | null;
  connected: boolean;
  conversationId: string | null;
  /** The datasource a new conversation starts on. */
  datasource: string | null;
  /** A new conversation got its id (from the first event or the ack). */
  onCreated(id: string): void;
  /** A run ended or started: the conversation list may have changed. */
  onActivity(): void;
  /**
   * The server refused a message for a reason that passes (over a rate limit, the session ended):
   * it is taken off the conversation and handed back, to go back into the composer.
   */
  onSendRefused?(refusal: SendRefusal): void;
}

export interface SendRefusal {
  text: string;
  /** The conversation it was for (null: a new one). */
  conversationId: string | null;
  error: { code: string; message: string; retryAfterSeconds?: number };
}

/** Refusals after which the same message can simply be sent again later. */
const PASSING_REFUSALS = new Set([RATE_LIMITED, AUTH_REQUIRED]);

let localCounter = 0;

/**
 * One conversation over Socket.IO: loads history, joins the live stream (replaying what was missed
 * after a reload or reconnect, de-duplicated by seq), sends, stops, regenerates.
 */
export function useConversation(opts: UseConversationOptions) {
  const { socket, connected, conversationId } = opts;
  const [state, setState] = useState<ConversationState>(emptyConversation);
  const [history, setHistory] = useState<ConversationHistory | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const current = useRef<string | null>(conversationId);
  /** A conversation this screen created by sending: its state is already here, no reload. */
  const adopted = useRef<string | null>(null);
  const pendingNew = useRef(false);
  const stateRef = useRef(state);
  stateRef.current = state;
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const [reloadVersion, setReloadVersion] = useState(0);
  /** The conversation whose history is on screen (loaded, or created here). */
  const loaded = useRef<string | null>(null);

  /**
   * Follows the conversation on screen, asking for its latest run's events after the last seq
   * already shown. Runs once the history is on screen and whenever the socket (re)connects.
   */
  const rejoin = useCallback(() => {
    const id = current.current;
    if (!socket?.connected || !id || loaded.current !== id) return;
    const s = stateRef.current;
    const runId = s.activeRunId ?? [...s.messages].reverse().find((m) => m.runId)?.runId ?? null;
    const afterSeq = runId ? Math.min(s.seen[runId] ?? 0, 2 ** 31 - 1) : 0;
    socket.emit('conversation:join', runId ? { conversationId: id, runId, afterSeq } : { conversationId: id }, (res: Ack<JoinResult>) => {
      if ('error' in res) setLoadError(new ApiError(res.error.code, res.error.message, 0));
    });
  }, [socket]);
  const rejoinRef = useRef(rejoin);
  rejoinRef.current = rejoin;

  // Live and replayed events of the conversation on screen.
  useEffect(() => {
    if (!socket) return;
    const onEvent = (_name: string, e: RunEvent) => {
      if (typeof e !== 'object' || e === null || typeof (e as RunEvent).seq !== 'number') return;
      if (current.current === null && pendingNew.current) {
        current.current = e.conversationId;
        adopted.current = e.conversationId;
        loaded.current = e.conversationId;
        optsRef.current.onCreated(e.conversationId);
      }
      if (e.conversationId !== current.current) return;
      setState((s) => applyEvent(s, e));
      if (e.type === 'run:started' || e.type === 'message:completed' || e.type === 'run:error' || e.type === 'run:cancelled') optsRef.current.onActivity();
    };
    socket.onAny(onEvent);
    return () => {
      socket.offAny(onEvent);
    };
  }, [socket]);

  // Switching conversations: load the history, then join to replay what is not stored yet.
  useEffect(() => {
    current.current = conversationId;
    setLoadError(null);
    if (conversationId === null) {
      adopted.current = null;
      loaded.current = null;
      setState(emptyConversation);
      setHistory(null);
      return;
    }
    if (adopted.current === conversationId) return;
    // Once another conversation is opened, coming back to this one loads it like any other.
    adopted.current = null;
    loaded.current = null;
    pendingNew.current = false;
    setState(emptyConversation);
    setHistory(null);
    setLoading(true);
    const ctl = new AbortController();
    Promise.all([
      api<ConversationHistory>(`/conversations/${encodeURIComponent(conversationId)}/messages`, { signal: ctl.signal }),
      api<StoredArtifactView[]>(`/conversations/${encodeURIComponent(conversationId)}/artifacts`, { signal: ctl.signal }),
      api<TimelineEvent[]>(`/conversations/${encodeURIComponent(conversationId)}/timeline`, { signal: ctl.signal }),
    ])
      .then(([h, artifacts, timeline]) => {
        if (current.current !== conversationId) return;
        setHistory(h);
        // Events that arrived while loading are kept: the stored history is the base, they apply on top.
        const base = fromHistory(h, artifacts, timeline);
        setState(base);
        stateRef.current = base;
        setLoading(false);
        loaded.current = conversationId;
        rejoinRef.current();
      })
      .catch((e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setLoading(false);
        setLoadError(e instanceof ApiError ? e : new ApiError('internal', String(e), 0));
      });
    return () => ctl.abort();
  }, [conversationId, reloadVersion]);

  // On (re)connect, ask for everything after the last seq seen; duplicates are dropped by seq.
  useEffect(() => {
    if (connected) rejoinRef.current();
  }, [connected]);

  const send = useCallback(
    (text: string, attachments?: { uploadId: string }[]) => {
      if (!socket || !text.trim()) return;
      const key = `local:${++localCounter}`;
      setState((s) => addLocalUserMessage(s, key, text));
      const id = current.current;
      if (id === null) pendingNew.current = true;
      const payload = { text, ...(attachments?.length ? { attachments } : {}), ...(id ? { conversationId: id } : {}), ...(id === null && optsRef.current.datasource ? { datasource: optsRef.current.datasource } : {}) };
      socket.emit('chat:send', payload, (res: Ack<ChatSendResult>) => {
        pendingNew.current = false;
        if ('error' in res) {
          if (PASSING_REFUSALS.has(res.error.code) && optsRef.current.onSendRefused) {
            setState((s) => ({ ...s, messages: s.messages.filter((m) => m.key !== key) }));
            optsRef.current.onSendRefused({ text, conversationId: id, error: res.error });
            return;
          }
          setState((s) => failSend(s, key, res.error));
          return;
        }
        if (current.current === null || (id === null && adopted.current !== res.data.conversationId)) {
          current.current = res.data.conversationId;
          adopted.current = res.data.conversationId;
          loaded.current = res.data.conversationId;
          optsRef.current.onCreated(res.data.conversationId);
        }
        setState((s) => acknowledgeSend(s, key, res.data.runId));
        optsRef.current.onActivity();
      });
    },
    [socket],
  );

  const stop = useCallback(() => {
    const runId = stateRef.current.activeRunId;
    if (socket && runId) socket.emit('chat:cancel', { runId }, () => undefined);
  }, [socket]);

  /** Asks the last question again; the new answer follows it in the conversation. */
  const regenerate = useCallback(() => {
    const last = lastUserMessage(stateRef.current);
    if (last) send(last.text);
  }, [send]);

  /** Resends a message that failed to send (it is replaced by the new attempt). */
  const retrySend = useCallback(
    (key: string) => {
      const failed = stateRef.current.messages.find((m) => m.key === key);
      if (!failed) return;
      setState((s) => ({ ...s, messages: s.messages.filter((m) => m.key !== key) }));
      send(failed.text);
    },
    [send],
  );

  return {
    state,
    history,
    loading,
    loadError,
    streaming: state.activeRunId !== null,
    send,
    stop,
    regenerate,
    retrySend,
    reload: () => setReloadVersion((v) => v + 1),
  };
}
