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
import { tokenFrom } from '../auth/http-auth';
import type { Accounts } from '../auth/types';
import type { Store } from '../store/store';
import { findNul } from '../http/request-guards';
import type { Logger } from '../logger';
import type { ChatRuntime } from '../runtime/chat-runtime';

interface SocketData {
  identity: Identity;
  /** The session token the socket connected with, checked again before each request. */
  token: string;
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
export interface GatewayDeps {
  runtime: ChatRuntime;
  log: Logger;
  /** Signed-in members only: the token comes from `auth: {token}` or the session cookie. */
  accounts: Pick<Accounts, 'authenticate'>;
  /** Where a member's own conversations and runs are looked up (another member's are not found). */
  store: { conversations: Pick<Store['conversations'], 'get'>; runs: Pick<Store['runs'], 'get'> };
  origins: OriginPolicy;
}

export function attachGateway(httpServer: HttpServer, deps: GatewayDeps) {
  const { runtime, log, store } = deps;
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

  // No session, no socket: the connection is refused with `auth:required` (connect_error's message).
  io.use((socket, next) => {
    const given = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : tokenFrom(socket.request)?.token;
    const refuse = () => next(Object.assign(new Error('auth:required'), { data: { code: 'auth:required', message: 'Sign in to Parley first.' } }));
    if (!given) return refuse();
    deps.accounts.authenticate(given).then((who) => {
      if (!who) return refuse();
      socket.data.identity = who;
      socket.data.token = given;
      next();
    }, next);
  });

  /** The member's own conversation, or conversation:not_found (also for another member's). */
  async function ownConversation(who: Identity, conversationId: string) {
    if (!(await store.conversations.get(conversationId, who))) {
      throw new ParleyError('conversation:not_found', { status: 404, userMessage: `No conversation with id ${conversationId}.` });
    }
  }

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
        // A session signed out, expired or removed since the socket connected ends the socket too.
        const who = await deps.accounts.authenticate(socket.data.token);
        if (!who) {
          setImmediate(() => socket.disconnect(true));
          throw new ParleyError('auth:required', { status: 401, userMessage: 'Your session has ended; sign in again.' });
        }
        socket.data.identity = who;
        reply({ data: await fn(payload) });
      } catch (e) {
        if (!(e instanceof ParleyError) || e.status >= 500) log.error({ err: e, event: name, socket: socket.id }, 'socket request failed');
        reply({ error: toUserError(e) });
      }
    };
  }

  io.on('connection', (socket: ParleySocket) => {
    socket.data.subscriptions = new Map();

    socket.on(
      'chat:send',
      handle(socket, 'chat:send', async (payload: unknown) => {
        const parsed = chatSendSchema.safeParse(payload);
        if (!parsed.success) throw invalid(parsed.error);
        const who = socket.data.identity;
        if (parsed.data.conversationId) await ownConversation(who, parsed.data.conversationId);
        const r = await runtime.send({ ...parsed.data, workspaceId: who.workspaceId, userId: who.userId, role: who.role, channel: 'web', onConversation: (id) => follow(socket, id) });
        return { conversationId: r.conversationId, runId: r.runId };
      }),
    );

    socket.on(
      'chat:cancel',
      handle(socket, 'chat:cancel', async (payload: unknown) => {
        const parsed = chatCancelSchema.safeParse(payload);
        if (!parsed.success) throw invalid(parsed.error);
        const who = socket.data.identity;
        // Only the member's own runs: another member's run is as unknown as a made-up id.
        const conversationId = parsed.data.conversationId ?? (parsed.data.runId ? (await store.runs.get(parsed.data.runId))?.conversationId : undefined);
        if (!conversationId || !(await store.conversations.get(conversationId, who))) return { cancelled: false };
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
        const joined = await runtime.join(conversationId, socket.data.identity, { runId, afterSeq }, forward(socket));
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
