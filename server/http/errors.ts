import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ParleyError, toUserError } from '../../agent/errors';
import type { Logger } from '../logger';

/** Every HTTP failure is answered as `{ error: { code, message } }`; details go to the log only. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if ((err as { type?: string }).type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'input:invalid', message: 'The request body is not valid JSON.' } });
      return;
    }
    const status = err instanceof ParleyError ? err.status : 500;
    if (status >= 500) log.error({ err, method: req.method, path: req.path }, 'request failed');
    res.status(status).json({ error: toUserError(err) });
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new ParleyError('not_found', { status: 404, userMessage: `No API route ${req.method} ${req.path}.` }));
};
