import { createContext, useContext } from 'react';
import { can, type Permission } from './permissions';
import type { Me } from './types';

export interface SessionValue {
  me: Me;
  /** How many times an expired session was renewed on this page: reconnect and reload on change. */
  renewals: number;
  /** The session is gone (the socket was refused): cover the page with the sign-in form. */
  expire(): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);
export const SessionProvider = SessionContext.Provider;

/** The signed-in member; only inside the AuthGate, which renders nothing else until someone is. */
export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside the AuthGate');
  return session;
}

/** Whether the signed-in member's role allows `permission`. */
export function useCan(permission: Permission): boolean {
  return can(useSession().me.user.role, permission);
}
