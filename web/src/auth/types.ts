import type { Role } from '../../../agent/roles';

/** A member as `/api/me` and the sign-in routes show them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** `GET /api/me`. */
export interface Me {
  user: SessionUser;
  workspace: { id: string; name: string };
}

/** `GET /api/auth/status` (public). */
export interface AuthStatus {
  needsSetup: boolean;
  oidc: { label: string; startUrl: string } | null;
}

/** `POST /api/auth/signup` and `/api/auth/login`; the token is also the HttpOnly cookie, which is what the app uses. */
export interface SignedInBody {
  user: SessionUser;
  token: string;
}

/** `GET /api/members`: accounts, and Slack or Teams people acting as members (who may have no email). */
export interface Member {
  id: string;
  email: string | null;
  name: string;
  role: Role;
  status: string;
  source?: string;
}
