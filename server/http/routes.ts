import type { Router } from 'express';
import type { Role } from '../identity';

/** One route of a router, as the isolation test enumerates them. */
export interface RouteInfo {
  method: string;
  path: string;
  /** 'public': before the sign-in check; otherwise the least role that may call it. */
  access: 'public' | Role;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: { parleyRole?: Role } }[] };
  handle: { stack?: Layer[]; parleyAuthenticate?: boolean };
}

/**
 * Every route of `router` and the routers it uses, in order: those before the `authenticate`
 * middleware are public, the others need at least the role their `requireRole` guard names
 * (viewer when they have none).
 */
export function listRoutes(router: Router): RouteInfo[] {
  const out: RouteInfo[] = [];
  let signedIn = false;
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.handle.parleyAuthenticate) signedIn = true;
      if (layer.route) {
        const role = layer.route.stack.map((l) => l.handle.parleyRole).find(Boolean) ?? 'viewer';
        for (const method of Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m] && m !== '_all')) {
          out.push({ method: method.toUpperCase(), path: layer.route.path, access: signedIn ? role : 'public' });
        }
      } else if (layer.handle.stack) walk(layer.handle.stack);
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return out;
}
