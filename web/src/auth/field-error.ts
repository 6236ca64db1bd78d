/** A server error placed next to the form field it concerns, or on the form when it names none. */
export interface PlacedError<F extends string> {
  field: F | null;
  message: string;
}

/**
 * Which field a coded server error is about. Parley's messages start with the field they concern
 * (`email: Invalid email address` from a route's zod check, `email: … already has a Parley
 * account`); other codes name it in their kind (`auth:weak_password`). Anything else belongs to
 * the whole form.
 */
export function placeError<F extends string>(error: { code: string; message: string }, fields: readonly F[]): PlacedError<F> {
  const named = /^([a-z][A-Za-z]*)(?:\.[\w.]+)?:\s+(.+)$/s.exec(error.message);
  if (named && (fields as readonly string[]).includes(named[1])) {
    return { field: named[1] as F, message: named[2] };
  }
  const kind = error.code.slice(error.code.indexOf(':') + 1).toLowerCase();
  const field = fields.find((f) => kind.split(/[_\W]+/).includes(f.toLowerCase())) ?? null;
  return { field, message: error.message };
}
