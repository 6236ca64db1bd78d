import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ParleyError } from '../../agent/errors';
import type { Config } from '../config';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Which browser origins may open a socket or change data: Parley's own (PARLEY_PUBLIC_URL, the
 * address it listens on, its loopback names) and PARLEY_ALLOWED_ORIGINS. A request without an
 * Origin header is not from a browser page (curl, Slack, Teams, another server) and is allowed:
 * the check stops other web pages from acting with a visitor's access, not clients.
 */
export function createOriginPolicy(config: Pick<Config, 'publicUrl' | 'host' | 'env'>, port: () => number) {
  const listed = [config.publicUrl, ...(config.env.PARLEY_ALLOWED_ORIGINS ?? '').split(',')]
    .map((o) => o?.trim())
    .filter((o): o is string => Boolean(o))
    .map(originOf)
    .filter((o): o is string => Boolean(o));
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const own = () => [...new Set([...LOOPBACK, host])].flatMap((h) => [`http://${h}:${port()}`, `https://${h}:${port()}`]);

  return {
    allows(req: Pick<IncomingMessage, 'headers'>): boolean {
      const origin = req.headers.origin;
      if (origin === undefined) return true;
      if (listed.includes(origin) || own().includes(origin)) return true;
      // Bound to every interface with no public URL: the names people use are unknown, so the
      // page's own host (Origin matches Host) is what is left to go by.
      if (WILDCARD.has(config.host) && !config.publicUrl) return originOf(origin)?.replace(/^https?:\/\//, '') === req.headers.host;
      return false;
    },
  };
}

export type OriginPolicy = ReturnType<typeof createOriginPolicy>;

/** Refuses POST/PATCH/PUT/DELETE from another site's page with 403 `origin:forbidden`, before the body is read. */
export function checkOrigin(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || policy.allows(req)) return next();
    next(new ParleyError('origin:forbidden', { status: 403, userMessage: `Requests from ${String(req.headers.origin).slice(0, 200)} may not change Parley's data. Open Parley at its own address, or add that origin to PARLEY_ALLOWED_ORIGINS.` }));
  };
}
