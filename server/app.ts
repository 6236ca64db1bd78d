import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createAgentGraph } from '../agent/graph';
import { createChatModel, type ChatModelChoice } from '../agent/models/index';
import { createPromptRegistry, type PromptRegistry } from '../prompts/registry';
import { createTools, type DataSourceHandle, type ParleyTool } from '../tools/index';
import type { Channel, ChannelFactory } from './channels';
import type { Config } from './config';
import { createApiRouter } from './http/api';
import { listRoutes, type RouteInfo } from './http/routes';
import type { DemoWarehouse } from './datasources/demo-warehouse';
import { createFileSessions, FILES_DATASOURCE, MAX_LOADED_RESULTS, type DatabaseResult, type FileSessions } from './files/file-sessions';
import { createUploads, type Uploads } from './files/uploads';
import { createDatasources, toolDepsFrom } from './datasources/setup';
import { errorHandler, notFound } from './http/errors';
import { checkOrigin, createOriginPolicy } from './http/origin-check';
import { readiness, type ServerPhase } from './http/readiness';
import { createAccounts } from './auth/accounts';
import { createMembers } from './auth/members';
import { identify } from './auth/http-auth';
import type { Logger } from './logger';
import { loadSecretKey } from './secrets';
import { createChatRuntime, type ChatRuntime } from './runtime/chat-runtime';
import { attachGateway } from './socket/gateway';
import type { Store } from './store/store';
import type { RenderPool } from './charts/render-pool';
import { createAuditLog, type AuditSink } from './audit/audit-log';
import { createSqlRunHooks } from './audit/sql-run-hooks';
import { createConnectedData } from './connected-data/connected-data';
import { createRateLimits, type RateLimits } from './limits/rate-limits';
import type { TierTable } from './limits/tiers';
import { createCampaignStore } from './campaigns/store';
import type { ConnectorKind } from './connectors/types';
import { createConnectorStore } from './connectors/store';
import { createSyncLocks } from './connectors/sync-lock';
import { createConnectorSyncs, type ConnectorSyncs } from './connectors/syncs';

export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

/** Rows a payment or social lookup returns at most (a list is capped by its own limit first). */
const LOOKUP_MAX_ROWS = 10_000;

export interface ParleyDeps {
  config: Config;
  log: Logger;
  store: Store;
  /** Defaults to the model the configuration asks for (offline planner without a key). */
  model?: ChatModelChoice;
  tools?: ParleyTool[];
  prompts?: PromptRegistry;
  webDist?: string;
  /**
   * A server already listening (it answered /healthz while the store started); Parley takes over
   * its requests. By default Parley makes its own and listens in `listen()`.
   */
  httpServer?: HttpServer;
  /** Channel adapters (Slack, Teams…); each decides from the config whether it is on. */
  channels?: ChannelFactory[];
  /** Evals pin the system prompt version and the clock, and may serve some datasources themselves. */
  runtimeOptions?: RuntimeOptions;
  /** Draws chart images; the process's shared pool (also used by Slack and Teams) by default. */
  renderPool?: RenderPool;
  /** A demo warehouse shared by several Parleys on one data folder (only one process may open it); by default Parley starts and closes its own. */
  demoWarehouse?: DemoWarehouse;
  /** The rate limits' tiers (built-in TIERS by default); 'off': messages and SQL runs are not counted (evals measure the agent, not the limits). */
  rateLimits?: { tiers?: TierTable } | 'off';
  /** The data connector kinds (Stripe…), built above the server (integrations/connectors); none by default. */
  connectorKinds?: ConnectorKind[];
}

export interface RuntimeOptions {
  systemPromptVersion?: string;
  now?: () => Date;
  /** A datasource for this reference, or undefined to let Parley resolve it as usual. */
  datasourceOverride?: (ref: { workspaceId: string; datasource: string | null }) => DataSourceHandle | undefined;
}

export interface Parley {
  app: express.Express;
  httpServer: HttpServer;
  runtime: ChatRuntime;
  store: Store;
  model: ChatModelChoice;
  limits: RateLimits;
  audit: AuditSink;
  /** Uploaded files (the evals upload the files a case attaches through it). */
  uploads: Uploads;
  /** The conversations' DuckDB file sessions (the benchmark times them). */
  files: FileSessions;
  /** Background connector syncs (tests wait for one to settle). */
  connectorSyncs: ConnectorSyncs;
  /** The REST routes under /api with who may call them (the isolation test walks them). */
  routes(): RouteInfo[];
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port?: number, host?: string): Promise<number>;
  /** Stops accepting, lets running answers finish (up to the grace period), persists, closes the store. */
  close(): Promise<void>;
}

export function createParley(deps: ParleyDeps): Parley {
  const { config, log, store } = deps;
  const prompts = deps.prompts ?? createPromptRegistry();
  const tools = deps.tools ?? createTools(toolDepsFrom(config, prompts));
  const model = deps.model ?? createChatModel(config.model, tools);
  const datasources = createDatasources(config, store, log, deps.demoWarehouse);
  const maxUploadBytes = config.env.PARLEY_MAX_UPLOAD_MB * 2 ** 20;
  const uploads = createUploads({ pool: store.db.pool, dataDir: config.dataDir, maxUploadBytes });
  // Every table a conversation got from a database is loaded into its file session, to be joined with its files.
  const fileSessions = createFileSessions({
    uploads,
    dataDir: config.dataDir,
    log,
    results: async (workspaceId, conversationId) => {
      const { rows } = await store.db.pool.query<DatabaseResult>(
        `SELECT a.id, a.data FROM artifacts a JOIN conversations c ON c.id = a.conversation_id
          WHERE a.conversation_id = $1 AND c.workspace_id = $2 AND a.kind = 'table' AND coalesce(a.data->>'datasource', '') <> $3
          ORDER BY a.created_at DESC, a.id DESC LIMIT $4`,
        [conversationId, workspaceId, FILES_DATASOURCE.name, MAX_LOADED_RESULTS],
      );
      return rows.reverse();
    },
  });
  const graph = createAgentGraph({ model: model.model, fallbackModel: model.fallback, tools, checkpointer: store.checkpointer });
  const opts = deps.runtimeOptions ?? {};
  const audit = createAuditLog(store.db.pool);
  const limits = createRateLimits({ pool: store.db.pool, defaultTier: config.env.PARLEY_DEFAULT_TIER, tiers: deps.rateLimits === 'off' ? undefined : deps.rateLimits?.tiers });
  const counted = deps.rateLimits === 'off' ? undefined : limits;
  const campaigns = createCampaignStore(store.db.pool);
  const connected = createConnectedData({ pool: store.db.pool, log, timeoutMs: config.env.SQL_STATEMENT_TIMEOUT_MS, maxRows: LOOKUP_MAX_ROWS });
  const runtime = createChatRuntime({
    store,
    graph,
    modelName: model.name,
    prompts,
    log,
    // The conversation's database; its files (if any) come beside it, and each question goes to one or the other.
    resolveDatasource: async (ref) => {
      const override = opts.datasourceOverride?.(ref);
      if (override) return override;
      return datasources.resolve({ ...ref, datasource: ref.datasource === FILES_DATASOURCE.id ? null : ref.datasource });
    },
    resolveFiles: (workspaceId, conversationId) => fileSessions.handle(workspaceId, conversationId),
    attachFiles: (owner, conversationId, ids) => uploads.attach(owner, conversationId, ids),
    systemPromptVersion: opts.systemPromptVersion,
    now: opts.now,
    limits: counted,
    sqlRuns: createSqlRunHooks({ audit, limits: counted }),
    campaigns: (binding) => campaigns.forTool(binding),
    connected: (ref) => connected.forCall(ref),
  });

  const secretKey = loadSecretKey(config);
  const accounts = createAccounts({ pool: store.db.pool, secretKey, audit, sessionHours: config.env.PARLEY_SESSION_HOURS });
  const members = createMembers({ pool: store.db.pool, audit });
  const connectorKinds = deps.connectorKinds ?? [];
  const connectorStore = createConnectorStore(store.db.pool, secretKey, connectorKinds);
  const connectorSyncs = createConnectorSyncs({
    store: connectorStore,
    locks: createSyncLocks(store.db),
    kinds: connectorKinds,
    log: log.child({ part: 'connectors' }),
    intervalMinutes: config.env.PARLEY_CONNECTOR_SYNC_MINUTES,
  });

  const app = express();
  app.disable('x-powered-by');
  // Behind a proxy (PARLEY_PUBLIC_URL set) req.ip is the client's address from X-Forwarded-For, for sign-in throttling and the audit log.
  if (config.publicUrl) app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  let boundPort = config.port;
  const origins = createOriginPolicy(config, () => boundPort);
  // Before the body is read: another site's page may not change anything here.
  app.use(checkOrigin(origins));
  // The exact bytes stay on req.rawBody: signed webhooks (Slack) verify their signature over them.
  app.use(express.json({ limit: '1mb', verify: (req, _res, buf) => void ((req as { rawBody?: Buffer }).rawBody = buf) }));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  // 'serving' once listen() starts the channels; each channel then says for itself when it takes traffic.
  let phase: ServerPhase = 'starting';
  const channels: Channel[] = [];
  app.get('/readyz', async (_req, res) => {
    const storeOk = phase === 'serving' && (await store.ping());
    const r = readiness({ phase, storeOk, channels: channels.map((c) => ({ name: c.name, status: c.status() })) });
    if (r.status === 503) res.set('retry-after', '2');
    res.status(r.status).json(r.body);
  });
  const httpServer = deps.httpServer ?? createServer();
  // Socket.IO (attached below) wraps the request listeners present when it attaches: the app goes first.
  httpServer.removeAllListeners('request');
  httpServer.on('request', app);
  // Channels mount their own webhooks (Slack's /slack/events, Teams' /api/messages) before the
  // API's sign-in check: the platforms authenticate those requests by signature instead.
  for (const factory of deps.channels ?? []) {
    const channel = factory({ app, httpServer, runtime, store, config, log, port: () => boundPort, uploads, maxUploadBytes });
    if (channel) channels.push(channel);
  }
  const api = createApiRouter({
    store,
    runtime,
    datasources,
    identify,
    accounts,
    members,
    audit,
    origins,
    secureCookies: config.publicUrl?.startsWith('https:') ?? false,
    config,
    secretKey,
    renderPool: deps.renderPool,
    uploads,
    maxUploadBytes,
    limits,
    campaigns,
    connectors: { store: connectorStore, syncs: connectorSyncs, kinds: connectorKinds, log, apiBaseAllowList: config.env.PARLEY_CONNECTOR_API_BASES },
  });
  app.use('/api', api);
  app.use('/api', notFound);

  const webDist = deps.webDist ?? WEB_DIST;
  const index = join(webDist, 'index.html');
  app.use(express.static(webDist, { index: false, maxAge: '1h' }));
  // Every other path is the single-page app (conversation URLs included). The build may still be
  // running when the server starts (npm start builds it alongside), so look for it per request.
  app.get('/{*splat}', (_req, res) => {
    if (existsSync(index)) return res.sendFile(index, { maxAge: 0 });
    res
      .status(503)
      .set('retry-after', '5')
      .type('html')
      .send('<!doctype html><meta http-equiv="refresh" content="3"><title>Parley</title><p>Parley’s web app is being built (or run <code>npm run build</code>); this page reloads by itself.</p>');
  });
  app.use(errorHandler(log));

  const io = attachGateway(httpServer, { runtime, log, accounts, store, origins });

  let closing: Promise<void> | null = null;
  return {
    app,
    httpServer,
    runtime,
    store,
    model,
    limits,
    audit,
    uploads,
    files: fileSessions,
    connectorSyncs,
    routes: () => listRoutes(api),
    listen(port = config.port, host = config.host) {
      const startChannels = async () => {
        boundPort = (httpServer.address() as AddressInfo).port;
        if (phase === 'starting') phase = 'serving';
        for (const c of channels) await c.start();
        connectorSyncs.startSchedule();
        return boundPort;
      };
      if (httpServer.listening) return startChannels();
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          startChannels().then(resolve, reject);
        });
      });
    },
    close() {
      closing ??= (async () => {
        // Stop taking new connections first; sockets already connected still get their answers.
        phase = 'stopping';
        httpServer.close();
        for (const c of channels) await c.stop().catch((e: unknown) => log.error({ err: e, channel: c.name }, 'channel stop failed'));
        await runtime.shutdown(config.shutdownGraceMs);
        await connectorSyncs.close();
        await new Promise<void>((r) => io.close(() => r()));
        await datasources.close();
        await fileSessions.close();
        limits.close();
        httpServer.closeAllConnections();
        await store.close();
      })();
      return closing;
    },
  };
}
