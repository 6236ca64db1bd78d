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
import { integrationsRouter } from './integrations';
import type { Accounts } from '../auth/types';
import type { Members } from '../auth/members';
import { authenticate } from '../auth/http-auth';
import type { AuditSink } from '../audit/audit-log';
import type { RateLimits } from '../limits/rate-limits';
import type { OriginPolicy } from './origin-check';
import { meRouter, membersRouter, publicAuthRouter } from './auth';
import { oidcRouter, oidcSettingsRouter, oidcStatus } from '../auth/oidc';
import type { Config } from '../config';
import { auditRouter } from './audit';
import { limitsRouter } from './limits';
import type { CampaignStore } from '../campaigns/store';
import { campaignsRouter } from './campaigns';
import { brandRouter } from './campaigns-brand';
import { connectorsRouter, connectorWebhooksRouter, type ConnectorsDeps } from './connectors';

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
  /** Where what people do is recorded (the store's audit_log; the same pool, never a second one). */
  audit: AuditSink;
  limits: RateLimits;
  origins: OriginPolicy;
  secureCookies: boolean;
  /** For the OpenID Connect sign-in (config.oidc) and its cookies. */
  config: Config;
  /** Campaign drafts, their versions and the brand kits (server/campaigns/store.ts). */
  campaigns: CampaignStore;
  /** Data connectors (Stripe…): their store, background syncs and the kinds Parley was started with. */
  connectors: ConnectorsDeps;
}

/** The REST API under /api: one router per resource, each in its own file. */
export function createApiRouter(deps: ApiDeps) {
  const router = Router();
  router.use(guardRequest);
  // Open to everyone: signing in, the first-run status, and signed links (the link is the credential).
  router.use(publicAuthRouter({ ...deps, oidc: () => oidcStatus(deps.config) }));
  router.use(oidcRouter({ accounts: deps.accounts, pool: deps.store.db.pool, config: deps.config, audit: deps.audit }));
  router.use(artifactDownloadsRouter(deps));
  router.use(connectorWebhooksRouter(deps));
  // Everything below needs a signed-in member.
  router.use(authenticate(deps.accounts, deps.origins));
  router.use(meRouter({ accounts: deps.accounts, pool: deps.store.db.pool }));
  router.use(membersRouter(deps));
  router.use(oidcSettingsRouter({ pool: deps.store.db.pool, audit: deps.audit, identify: deps.identify }));
  router.use(conversationsRouter(deps));
  router.use(chartImagesRouter(deps)); // before artifactsRouter: `/artifacts/:id` would match `x.png`
  router.use(artifactsRouter(deps));
  router.use(suggestionsRouter(deps));
  router.use(datasourcesRouter(deps));
  router.use(uploadsRouter(deps));
  router.use(integrationsRouter(deps));
  router.use(limitsRouter(deps));
  router.use(auditRouter(deps));
  router.use(campaignsRouter(deps));
  router.use(brandRouter(deps));
  router.use(connectorsRouter(deps));
  return router;
}
