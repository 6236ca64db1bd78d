import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ParleyError, toUserError } from '../../agent/errors';
import type { Logger } from '../logger';
import { requestError } from './request-guards';

/** Every HTTP failure is answered as `{ error: { code, message } }`; details go to the log only. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = requestError(err);
    if (known) err = known;
    const status = err instanceof ParleyError ? err.status : 500;
    if (status >= 500) log.error({ err, method: req.method, path: req.path }, 'request failed');
    const retry = err instanceof ParleyError ? err.details?.retryAfterSeconds : undefined;
    if (typeof retry === 'number') res.set('retry-after', String(Math.ceil(retry)));
    res.status(status).json({ error: toUserError(err) });
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new ParleyError('not_found', { status: 404, userMessage: `No API route ${req.method} ${req.path}.` }));
};
