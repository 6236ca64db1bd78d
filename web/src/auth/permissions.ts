import { ROLES, roleAtLeast, type Role } from '../../../agent/roles';
import type { Translate } from '../i18n/i18n';

/**
 * The least role each part of the UI needs (issue 13's roles). The server refuses the same things;
 * this only keeps people from being offered what they cannot do.
 */
export const PERMISSIONS = {
  members: 'admin',
  connections: 'admin',
  addDatasource: 'admin',
  upload: 'analyst',
  sql: 'analyst',
  /** Campaign drafts: everyone may read them; analysts and admins (the marketers) edit and save. */
  campaigns: 'viewer',
  editCampaigns: 'analyst',
  /** The brand kit: every member reads it (the editor marks copy against it); admins change it, as the server allows. */
  brand: 'viewer',
  editBrand: 'admin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}

/** A role's name in the member's language (a role this app does not know is shown as sent). */
export function roleLabel(t: Translate, role: string): string {
  return (ROLES as readonly string[]).includes(role) ? t(`role.${role as Role}`) : role;
}
