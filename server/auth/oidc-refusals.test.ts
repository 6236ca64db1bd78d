import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en';
import { OIDC_REFUSALS } from './oidc-client';

describe('OIDC refusals in the web app', () => {
  it('every reason the callback can send in ?auth_error= has its own sentence in the catalogue', () => {
    const missing = Object.keys(OIDC_REFUSALS).filter((reason) => !(`authError.${reason}` in en));
    expect(missing).toEqual([]);
  });
});
