import { Router, type Request } from 'express';
import type { Identity } from '../identity';
import type { ChatRuntime } from '../runtime/chat-runtime';
import type { Store } from '../store/store';
import { artifactsRouter } from './artifacts';
import { conversationsRouter } from './conversations';
import { datasourcesRouter } from './datasources';
import type { DatasourceRegistry } from '../datasources/registry';

export interface ApiDeps {
  store: Store;
  runtime: ChatRuntime;
  datasources: DatasourceRegistry;
  identify(req: Request): Identity;
}

/** The REST API under /api: one router per resource, each in its own file. */
export function createApiRouter(deps: ApiDeps) {
  const router = Router();
  router.use(conversationsRouter(deps));
  router.use(artifactsRouter(deps));
  router.use(datasourcesRouter(deps));
  return router;
}
