import { describe, expect, it } from 'vitest';
import { databaseErrorForModel, databaseErrorForPeople } from './db-error';

describe('database errors', () => {
  it.each([
    ['invalid input syntax for type integer: "hunter2"', '22P02', 'hunter2'],
    ['value "99999999999" is out of range for type integer', '22003', '99999999999'],
    ['invalid input value for enum mood: "secret-value"', '22P02', 'secret-value'],
    ['date/time field value out of range: "2024-99-99 s3cr3t"', '22008', 's3cr3t'],
    ["invalid regular expression: parentheses () not balanced near 'tok3n'", '2201B', 'tok3n'],
  ])('keeps no quoted value from %s', (message, code, value) => {
    const out = databaseErrorForModel(message, code);
    expect(out).not.toContain(value);
  });

  it('keeps the type the writer must fix', () => {
    expect(databaseErrorForModel('invalid input syntax for type integer: "hunter2"', '22P02')).toContain('type integer');
  });

  it('keeps identifiers in name errors, which the writer chose', () => {
    expect(databaseErrorForModel('column "revenu" does not exist', '42703')).toBe('column "revenu" does not exist');
  });

  it('tells people only the SQLSTATE code', () => {
    expect(databaseErrorForPeople('22P02')).toBe('The database could not run this query (SQLSTATE 22P02).');
  });
});
