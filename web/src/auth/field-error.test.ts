import { describe, expect, it } from 'vitest';
import { placeError } from './field-error';

const FIELDS = ['name', 'email', 'password'] as const;

describe('placeError', () => {
  it.each([
    [{ code: 'input:invalid', message: 'email: Invalid email address' }, { field: 'email', message: 'Invalid email address' }],
    [{ code: 'input:invalid', message: 'password: must be at least 12 characters' }, { field: 'password', message: 'must be at least 12 characters' }],
    [{ code: 'auth:weak_password', message: 'This password is one of the most common; choose another.' }, { field: 'password', message: 'This password is one of the most common; choose another.' }],
    [{ code: 'auth:email_taken', message: 'An account with this email exists.' }, { field: 'email', message: 'An account with this email exists.' }],
    [{ code: 'member:exists', message: 'email: ada@example.com already has a Parley account.' }, { field: 'email', message: 'ada@example.com already has a Parley account.' }],
    [{ code: 'auth:invalid_credentials', message: 'Wrong email or password.' }, { field: null, message: 'Wrong email or password.' }],
    [{ code: 'auth:invite_invalid', message: 'This invitation is no longer valid.' }, { field: null, message: 'This invitation is no longer valid.' }],
    // Words before a colon that are not a field stay part of the message.
    [{ code: 'auth:forbidden', message: 'Note: this needs the admin role.' }, { field: null, message: 'Note: this needs the admin role.' }],
    // A field the form does not have stays on the form, with its whole message.
    [{ code: 'input:invalid', message: 'invite: Required' }, { field: null, message: 'invite: Required' }],
  ])('%o goes to %o', (error, placed) => {
    expect(placeError(error, FIELDS)).toEqual(placed);
  });

  it('does not take a field name inside another word for the field (passwordless is not password)', () => {
    expect(placeError({ code: 'auth:passwordless_only', message: 'x' }, FIELDS).field).toBeNull();
  });
});
