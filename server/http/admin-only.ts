import type { Request, RequestHandler } from 'express';
import { ParleyError } from '../../agent/errors';
import type { Identity } from '../identity';

/** Lets only the workspace's admins through; everyone else gets 403 `auth:forbidden` saying what they tried. */
export function adminOnly(identify: (req: Request) => Identity, what: string): RequestHandler {
  return (req, _res, next) => {
    if (identify(req).role === 'admin') return next();
    next(new ParleyError('auth:forbidden', { status: 403, userMessage: `Only an admin of this workspace may ${what}. Ask an admin to do it, or to give you the admin role.` }));
  };
}
