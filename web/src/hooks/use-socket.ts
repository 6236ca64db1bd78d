import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../agent/events';
import { AUTH_REQUIRED } from '../lib/api';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface UseSocketOptions {
  /** The server refused the connection for want of a valid session (the cookie expired or was revoked). */
  onAuthRequired?(): void;
}

/**
 * One Socket.IO connection for the app, authenticated by the session cookie (same origin). It
 * reconnects by itself (socket.io-client's back-off) — except after a refusal by the server,
 * which the app answers by signing in again and calling `socket.connect()`.
 */
export function useSocket(opts: UseSocketOptions = {}): { socket: ChatSocket | null; connected: boolean } {
  const [socket, setSocket] = useState<ChatSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  useEffect(() => {
    const s: ChatSocket = io({ transports: ['websocket', 'polling'], reconnectionDelayMax: 4000, withCredentials: true });
    const up = () => setConnected(true);
    const down = () => setConnected(false);
    const refused = (err: Error) => {
      if (err.message === AUTH_REQUIRED) optsRef.current.onAuthRequired?.();
    };
    s.on('connect', up);
    s.on('disconnect', down);
    s.on('connect_error', refused);
    setSocket(s);
    return () => {
      s.off('connect', up);
      s.off('disconnect', down);
      s.off('connect_error', refused);
      s.close();
    };
  }, []);
  return { socket, connected };
}
