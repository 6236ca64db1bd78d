import type { z } from 'zod';
import { ParleyError } from '../../agent/errors';

/** Validates a request part; the first problem becomes a 400 `input:invalid` naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ParleyError('input:invalid', { status: 400, userMessage: `${i.path.join('.') || 'input'}: ${i.message}` });
  }
  return r.data;
}
