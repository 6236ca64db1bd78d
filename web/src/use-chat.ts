import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ChatSendResult, ClientToServerEvents, RunEvent, ServerToClientEvents } from '../../agent/events';

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  status: 'streaming' | 'complete' | 'cancelled' | 'error';
  error?: string;
  tools: { callId: string; name: string; state: 'running' | 'done' | 'failed'; summary?: string }[];
  /** Tables, charts… in the order the run produced them. */
  artifacts?: { id: string; kind: string; title?: string; data: unknown }[];
}

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One conversation over Socket.IO: sends, streams, cancels, and rejoins after a reconnect. */
export function useChat() {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [connected, setConnected] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const socketRef = useRef<ChatSocket | null>(null);
  const conversationRef = useRef<string | null>(null);
  const lastSeq = useRef(new Map<string, number>());

  const pendingSend = useRef(false);

  const apply = useCallback((e: RunEvent) => {
    // Events may arrive before the send's ack: adopt the new conversation from the first one.
    if (conversationRef.current === null && pendingSend.current) conversationRef.current = e.conversationId;
    if (e.conversationId !== conversationRef.current) return;
    if (e.seq <= (lastSeq.current.get(e.runId) ?? 0)) return;
    lastSeq.current.set(e.runId, e.seq);
    setMessages((prev) => {
      const id = `run:${e.runId}`;
      const list = prev.some((m) => m.id === id)
        ? prev
        : [...prev, { id, role: 'assistant' as const, text: '', status: 'streaming' as const, tools: [] }];
      return list.map((m) => {
        if (m.id !== id) return m;
        switch (e.type) {
          case 'message:delta':
            return { ...m, text: m.text + e.text };
          case 'tool:started':
            return { ...m, tools: [...m.tools, { callId: e.callId, name: e.name, state: 'running' as const }] };
          case 'tool:finished':
            return {
              ...m,
              tools: m.tools.map((t) => (t.callId === e.callId ? { ...t, state: e.ok ? ('done' as const) : ('failed' as const), summary: e.ok ? e.summary : e.error } : t)),
            };
          case 'artifact':
            return { ...m, artifacts: [...(m.artifacts ?? []), { id: e.id, kind: e.kind, title: e.title, data: e.data }] };
          case 'message:completed':
            return { ...m, text: e.text, status: 'complete' };
          case 'run:error':
            return { ...m, status: 'error', error: e.message };
          case 'run:cancelled':
            return { ...m, status: 'cancelled' };
          default:
            return m;
        }
      });
    });
    if (e.type === 'run:started') setRunId(e.runId);
    if (e.type === 'message:completed' || e.type === 'run:error' || e.type === 'run:cancelled') setRunId(null);
  }, []);

  useEffect(() => {
    const socket: ChatSocket = io({ transports: ['websocket', 'polling'] });
    socketRef.current = socket;
    // Every server event is a run event; the web imports only types from the agent.
    socket.onAny((_name: string, event: RunEvent) => apply(event));
    socket.on('connect', () => {
      setConnected(true);
      const conversationId = conversationRef.current;
      if (!conversationId) return;
      // After a reconnect, ask for what was missed of the latest run; seq de-duplicates.
      const seqs = [...lastSeq.current.entries()];
      const [latestRun, seq] = seqs.length ? seqs[seqs.length - 1] : [undefined, 0];
      socket.emit('conversation:join', { conversationId, runId: latestRun, afterSeq: seq }, () => undefined);
    });
    socket.on('disconnect', () => setConnected(false));
    return () => {
      socket.close();
    };
  }, [apply]);

  const send = useCallback((text: string) => {
    const socket = socketRef.current;
    if (!socket || !text.trim()) return;
    setMessages((prev) => [...prev, { id: `user:${Date.now()}`, role: 'user', text, status: 'complete', tools: [] }]);
    pendingSend.current = true;
    socket.emit('chat:send', { text, conversationId: conversationRef.current ?? undefined }, (res: Ack<ChatSendResult>) => {
      pendingSend.current = false;
      if ('error' in res) {
        setMessages((prev) => [...prev, { id: `err:${Date.now()}`, role: 'assistant', text: '', status: 'error', error: res.error.message, tools: [] }]);
        return;
      }
      conversationRef.current = res.data.conversationId;
      setRunId(res.data.runId);
    });
  }, []);

  const cancel = useCallback(() => {
    if (runId) socketRef.current?.emit('chat:cancel', { runId }, () => undefined);
  }, [runId]);

  return { messages, connected, streaming: runId !== null, send, cancel };
}
