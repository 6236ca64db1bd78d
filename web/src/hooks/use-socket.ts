import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../agent/events';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One Socket.IO connection for the app; it reconnects by itself (socket.io-client's back-off). */
export function useSocket(): { socket: ChatSocket | null; connected: boolean } {
  const [socket, setSocket] = useState<ChatSocket | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const s: ChatSocket = io({ transports: ['websocket', 'polling'], reconnectionDelayMax: 4000 });
    const up = () => setConnected(true);
    const down = () => setConnected(false);
    s.on('connect', up);
    s.on('disconnect', down);
    setSocket(s);
    return () => {
      s.off('connect', up);
      s.off('disconnect', down);
      s.close();
    };
  }, []);
  return { socket, connected };
}
