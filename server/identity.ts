import type { Role } from '../agent/roles';

export { ROLES, roleAtLeast, type Role } from '../agent/roles';

/** Who is asking: a signed-in member (web, API) or a Slack/Teams person acting as one. */
export interface Identity {
  workspaceId: string;
  userId: string;
  role: Role;
  /** The session behind a web or API request; absent for Slack and Teams deliveries. */
  sessionId?: string;
}

/** The workspace every install starts with; the first admin signs up into it and inherits its data. */
export const LOCAL_WORKSPACE_ID = 'local';
