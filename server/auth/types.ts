import type { Identity, Role } from '../identity';

/** A member as the API shows them: never a password hash or token. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Where a sign-in came from, for the session row and the audit log. */
export interface RequestContext {
  ip?: string;
  userAgent?: string;
}

/** A started session: the token (a JWT) goes to the client as the `parley_session` cookie and in the body. */
export interface SignedIn {
  user: PublicUser;
  token: string;
  /** When the session (and its cookie) ends. */
  expiresAt: Date;
}

/**
 * Sign-in, sessions and members (server/auth/accounts.ts). Every failure is a ParleyError with a
 * coded, user-readable message (`auth:invalid_credentials`, `auth:weak_password`, `auth:invite_invalid`…).
 */
export interface Accounts {
  /** True while no account exists: the web app then offers "create the admin account". */
  needsSetup(): Promise<boolean>;
  /** The first account (becomes admin of the local workspace), or an invited member with `invite`. */
  signup(input: { email: string; password: string; name: string; invite?: string }, ctx: RequestContext): Promise<SignedIn>;
  login(input: { email: string; password: string }, ctx: RequestContext): Promise<SignedIn>;
  /** A session for someone already proven by other means (OIDC); refuses removed members. */
  startSession(userId: string, method: 'oidc', ctx: RequestContext): Promise<SignedIn>;
  /** The identity a token stands for, or undefined when it is not (or no longer) valid. */
  authenticate(token: string): Promise<Identity | undefined>;
  logout(sessionId: string): Promise<void>;
  user(userId: string): Promise<PublicUser | undefined>;
}

export const SESSION_COOKIE = 'parley_session';
