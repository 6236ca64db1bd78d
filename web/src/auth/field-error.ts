/** A server error placed next to the form field it concerns, or on the form when it names none. */
export interface PlacedError<F extends string> {
  field: F | null;
  message: string;
}

/**
 * Which field a coded server error is about. `input:invalid` messages start with the field
 * (`email: Invalid email address`, from the route's zod check); other codes name it in their kind
 * (`auth:weak_password`, `auth:email_taken`). Anything else belongs to the whole form.
 */
export function placeError<F extends string>(error: { code: string; message: string }, fields: readonly F[]): PlacedError<F> {
  const named = /^([A-Za-z]+)(?:\.[\w.]+)?:\s*(.+)$/s.exec(error.message);
  if (error.code === 'input:invalid' && named && (fields as readonly string[]).includes(named[1])) {
    return { field: named[1] as F, message: named[2] };
  }
  const kind = error.code.slice(error.code.indexOf(':') + 1).toLowerCase();
  const field = fields.find((f) => kind.split(/[_\W]+/).includes(f.toLowerCase())) ?? null;
  return { field, message: error.message };
}
