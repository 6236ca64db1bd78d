import { Router, type Request } from 'express';
import type { Identity } from '../identity';
import type { ChatRuntime } from '../runtime/chat-runtime';
import type { Store } from '../store/store';
import { artifactDownloadsRouter } from './artifact-downloads';
import { artifactsRouter } from './artifacts';
import { chartImagesRouter } from './chart-images';
import { conversationsRouter } from './conversations';
import { guardRequest } from './request-guards';
import { suggestionsRouter } from './suggestions';
import { datasourcesRouter } from './datasources';
import type { DatasourceRegistry } from '../datasources/registry';
import type { RenderPool } from '../charts/render-pool';
import type { Uploads } from '../files/uploads';
import { uploadsRouter } from './uploads';
import type { Accounts } from '../auth/types';
import type { Members } from '../auth/members';
import { authenticate } from '../auth/http-auth';
import type { AuditSink } from '../audit/audit-log';
import type { OriginPolicy } from './origin-check';
import { meRouter, membersRouter, publicAuthRouter } from './auth';

export interface ApiDeps {
  store: Store;
  runtime: ChatRuntime;
  datasources: DatasourceRegistry;
  identify(req: Request): Identity;
  /** Signs and checks download links (server/secrets.ts). */
  secretKey: Buffer;
  /** Draws chart images off the main thread; the process's shared pool by default. */
  renderPool?: RenderPool;
  uploads: Uploads;
  /** PARLEY_MAX_UPLOAD_MB in bytes. */
  maxUploadBytes: number;
  accounts: Accounts;
  members: Members;
  audit: AuditSink;
  origins: OriginPolicy;
  secureCookies: boolean;
}

/** The REST API under /api: one router per resource, each in its own file. */
export function createApiRouter(deps: ApiDeps) {
  const router = Router();
  router.use(guardRequest);
  // Open to everyone: signing in, the first-run status, and signed links (the link is the credential).
  router.use(publicAuthRouter(deps));
  router.use(artifactDownloadsRouter(deps));
  // Everything below needs a signed-in member.
  router.use(authenticate(deps.accounts, deps.origins));
  router.use(meRouter({ accounts: deps.accounts, pool: deps.store.db.pool }));
  router.use(membersRouter(deps));
  router.use(conversationsRouter(deps));
  router.use(chartImagesRouter(deps)); // before artifactsRouter: `/artifacts/:id` would match `x.png`
  router.use(artifactsRouter(deps));
  router.use(suggestionsRouter(deps));
  router.use(datasourcesRouter(deps));
  router.use(uploadsRouter(deps));
  return router;
}
