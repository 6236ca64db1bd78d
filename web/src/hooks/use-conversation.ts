import { useCallback, useEffect, useRef, useState } from 'react';
import type { Ack, ChatSendResult, JoinResult, RunEvent } from '../../../agent/events';
import { ApiError, api } from '../lib/api';
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
import type { ConversationHistory, StoredArtifactView } from '../state/types';
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
}

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

  const join = useCallback(
    (id: string, runId?: string | null) => {
      if (!socket) return;
      const afterSeq = runId ? (stateRef.current.seen[runId] ?? 0) : 0;
      const payload = runId ? { conversationId: id, runId, afterSeq: Math.min(afterSeq, 2 ** 31 - 1) } : { conversationId: id };
      socket.emit('conversation:join', payload, (res: Ack<JoinResult>) => {
        if ('error' in res) setLoadError(new ApiError(res.error.code, res.error.message, 0));
      });
    },
    [socket],
  );

  // Live and replayed events of the conversation on screen.
  useEffect(() => {
    if (!socket) return;
    const onEvent = (_name: string, e: RunEvent) => {
      if (typeof e !== 'object' || e === null || typeof (e as RunEvent).seq !== 'number') return;
      if (current.current === null && pendingNew.current) {
        current.current = e.conversationId;
        adopted.current = e.conversationId;
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
      setState(emptyConversation);
      setHistory(null);
      return;
    }
    if (adopted.current === conversationId) return;
    // Once another conversation is opened, coming back to this one loads it like any other.
    adopted.current = null;
    pendingNew.current = false;
    setState(emptyConversation);
    setHistory(null);
    setLoading(true);
    const ctl = new AbortController();
    Promise.all([
      api<ConversationHistory>(`/conversations/${encodeURIComponent(conversationId)}/messages`, { signal: ctl.signal }),
      api<StoredArtifactView[]>(`/conversations/${encodeURIComponent(conversationId)}/artifacts`, { signal: ctl.signal }),
    ])
      .then(([h, artifacts]) => {
        if (current.current !== conversationId) return;
        setHistory(h);
        // Events that arrived while loading are kept: the stored history is the base, they apply on top.
        const base = fromHistory(h, artifacts);
        setState(base);
        stateRef.current = base;
        setLoading(false);
        if (h.latestRun) join(conversationId, h.latestRun.id);
        else join(conversationId);
      })
      .catch((e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setLoading(false);
        setLoadError(e instanceof ApiError ? e : new ApiError('internal', String(e), 0));
      });
    return () => ctl.abort();
  }, [conversationId, join, reloadVersion]);

  // After a reconnect, ask for everything after the last seq seen; duplicates are dropped by seq.
  const wasConnected = useRef(connected);
  useEffect(() => {
    if (connected && !wasConnected.current && current.current) {
      const s = stateRef.current;
      const lastRun = s.activeRunId ?? [...s.messages].reverse().find((m) => m.runId)?.runId ?? null;
      join(current.current, lastRun);
    }
    wasConnected.current = connected;
  }, [connected, join]);

  const send = useCallback(
    (text: string) => {
      if (!socket || !text.trim()) return;
      const key = `local:${++localCounter}`;
      setState((s) => addLocalUserMessage(s, key, text));
      const id = current.current;
      if (id === null) pendingNew.current = true;
      const payload = { text, ...(id ? { conversationId: id } : {}), ...(id === null && optsRef.current.datasource ? { datasource: optsRef.current.datasource } : {}) };
      socket.emit('chat:send', payload, (res: Ack<ChatSendResult>) => {
        pendingNew.current = false;
        if ('error' in res) {
          setState((s) => failSend(s, key, res.error));
          return;
        }
        if (current.current === null || (id === null && adopted.current !== res.data.conversationId)) {
          current.current = res.data.conversationId;
          adopted.current = res.data.conversationId;
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
