/** What a member may do in their workspace; each role includes the ones after it. Shared by the server and the web app. */
export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` may do what `needed` may (admin ⊃ analyst ⊃ viewer). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(needed);
}
