import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../agent/roles';
import { createTranslator } from '../i18n/i18n';
import { en } from '../i18n/en';
import { PERMISSIONS, can, roleLabel } from './permissions';

describe('can', () => {
  it.each([
    ['admin', { members: true, connections: true, addDatasource: true, upload: true, sql: true, campaigns: true, editCampaigns: true, brand: true, editBrand: true }],
    ['analyst', { members: false, connections: false, addDatasource: false, upload: true, sql: true, campaigns: true, editCampaigns: true, brand: true, editBrand: false }],
    ['viewer', { members: false, connections: false, addDatasource: false, upload: false, sql: false, campaigns: true, editCampaigns: false, brand: true, editBrand: false }],
  ] as const)('%s', (role, expected) => {
    const actual = Object.fromEntries(Object.keys(PERMISSIONS).map((p) => [p, can(role, p as keyof typeof PERMISSIONS)]));
    expect(actual).toEqual(expected);
  });
});

describe('roleLabel', () => {
  const t = createTranslator(en, 'en');
  it('names every role in the catalogue, and shows an unknown one as sent', () => {
    expect(ROLES.map((r) => roleLabel(t, r))).toEqual(['Admin', 'Analyst', 'Viewer']);
    expect(roleLabel(t, 'owner')).toBe('owner');
  });
});
