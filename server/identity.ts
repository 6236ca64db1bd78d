/** What a member may do in their workspace; each role includes the ones after it. */
export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: a signed-in member (web, API) or a Slack/Teams person acting as one. */
export interface Identity {
  workspaceId: string;
  userId: string;
  role: Role;
  /** The session behind a web or API request; absent for Slack and Teams deliveries. */
  sessionId?: string;
}

/** Whether `role` may do what `needed` may (admin ⊃ analyst ⊃ viewer). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(needed);
}

/** The workspace every install starts with; the first admin signs up into it and inherits its data. */
export const LOCAL_WORKSPACE_ID = 'local';
