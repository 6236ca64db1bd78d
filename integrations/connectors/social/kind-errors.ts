import { ParleyError, isParleyError } from '../../../agent/errors';

/**
 * A credential test's refusal as the framework wants it: `connector:bad_credentials` with the
 * provider's reason in words. A sunset API version or a provider outage is not the key's fault
 * and keeps its own code.
 */
export function asBadCredentials(e: unknown): unknown {
  if (!isParleyError(e)) return e;
  if (!['connector:reconnect', 'connector:forbidden', 'connector:not_found'].includes(e.code)) return e;
  return new ParleyError('connector:bad_credentials', { status: 400, message: e.message, userMessage: e.userMessage, cause: e });
}
