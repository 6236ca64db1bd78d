import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { ParleyError, toUserError } from '../../agent/errors';
import {
  chatCancelSchema,
  chatSendSchema,
  conversationJoinSchema,
  type Ack,
  type ClientToServerEvents,
  type RunEvent,
  type ServerToClientEvents,
} from '../../agent/events';
import type { Identity } from '../identity';
import type { OriginPolicy } from '../http/origin-check';
import { findNul } from '../http/request-guards';
import type { Logger } from '../logger';
import type { ChatRuntime } from '../runtime/chat-runtime';

interface SocketData {
  identity: Identity;
  subscriptions: Map<string, () => void>;
}
type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

function invalid(error: z.ZodError): ParleyError {
  const i = error.issues[0];
  return new ParleyError('input:invalid', { status: 400, userMessage: `${i.path.join('.') || 'payload'}: ${i.message}` });
}

/**
 * Socket.IO transport: validates each request, hands it to the runtime, answers through the ack
 * as `{ data } | { error }`, and forwards a conversation's run events to the sockets that follow it.
 * No business decisions live here.
 */
export function attachGateway(httpServer: HttpServer, deps: { runtime: ChatRuntime; log: Logger; identify(socket: ParleySocket): Identity; origins: OriginPolicy }) {
  const { runtime, log } = deps;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 1e6,
    // A page of another site must not open a socket with the visitor's access (WebSockets are not
    // bound by CORS); clients that send no Origin (scripts, servers) are let through.
    allowRequest: (req, callback) => {
      const ok = deps.origins.allows(req);
      if (!ok) log.warn({ origin: req.headers.origin }, 'socket refused: origin not allowed');
      callback(ok ? null : 'origin:forbidden', ok);
    },
  });

  const forward = (socket: ParleySocket) => (event: RunEvent) => {
    (socket.emit as (ev: string, payload: RunEvent) => boolean)(event.type, event);
  };

  function follow(socket: ParleySocket, conversationId: string) {
    if (!socket.data.subscriptions.has(conversationId)) {
      socket.data.subscriptions.set(conversationId, runtime.subscribe(conversationId, forward(socket)));
    }
  }

  /** Runs a handler and answers its ack; a bad ack argument or a thrown error never reaches other sockets. */
  function handle<P, R>(socket: ParleySocket, name: string, fn: (payload: P) => Promise<R>) {
    return async (payload: P, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: Ack<R>) => void) : () => undefined;
      try {
        // A NUL can never be stored (Postgres text) and would surface as an internal error.
        const nul = findNul(payload, 'payload');
        if (nul) throw new ParleyError('input:invalid', { status: 400, userMessage: `${nul}: must not contain a NUL character.` });
        reply({ data: await fn(payload) });
      } catch (e) {
        if (!(e instanceof ParleyError) || e.status >= 500) log.error({ err: e, event: name, socket: socket.id }, 'socket request failed');
        reply({ error: toUserError(e) });
      }
    };
  }

  io.on('connection', (socket: ParleySocket) => {
    socket.data.identity = deps.identify(socket);
    socket.data.subscriptions = new Map();
    const who = socket.data.identity;

    socket.on(
      'chat:send',
      handle(socket, 'chat:send', async (payload: unknown) => {
        const parsed = chatSendSchema.safeParse(payload);
        if (!parsed.success) throw invalid(parsed.error);
        const r = await runtime.send({ ...parsed.data, ...who, channel: 'web', onConversation: (id) => follow(socket, id) });
        return { conversationId: r.conversationId, runId: r.runId };
      }),
    );

    socket.on(
      'chat:cancel',
      handle(socket, 'chat:cancel', async (payload: unknown) => {
        const parsed = chatCancelSchema.safeParse(payload);
        if (!parsed.success) throw invalid(parsed.error);
        return { cancelled: runtime.cancel({ ...parsed.data, workspaceId: who.workspaceId }) };
      }),
    );

    socket.on(
      'conversation:join',
      handle(socket, 'conversation:join', async (payload: unknown) => {
        const parsed = conversationJoinSchema.safeParse(payload);
        if (!parsed.success) throw invalid(parsed.error);
        const { conversationId, runId, afterSeq } = parsed.data;
        // A re-join replaces the old subscription, so events are never delivered twice.
        socket.data.subscriptions.get(conversationId)?.();
        socket.data.subscriptions.delete(conversationId);
        const joined = await runtime.join(conversationId, who.workspaceId, { runId, afterSeq }, forward(socket));
        socket.data.subscriptions.set(conversationId, joined.unsubscribe);
        return { conversationId, runId: joined.runId, replayed: joined.replayed, active: joined.active };
      }),
    );

    socket.on('disconnect', () => {
      for (const unsubscribe of socket.data.subscriptions.values()) unsubscribe();
      socket.data.subscriptions.clear();
    });
  });

  return io;
}
