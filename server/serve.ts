import { createServer, type Server as HttpServer } from 'node:http';
import { buildWebIfStale } from './build-web';
import { ConfigError, loadConfig } from './config';
import { createParley } from './app';
import type { ChannelFactory } from './channels';
import type { ConnectorKind } from './connectors/types';
import { createLogger } from './logger';
import { StoreOpenError } from './store/db';
import { openStore } from './store/store';

/** Starts Parley from the environment; a bad setting stops start-up with one line saying which. */
export async function main(opts: { channels?: ChannelFactory[]; connectorKinds?: ConnectorKind[]; buildWeb?: boolean } = {}): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`parley: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  // Everything Parley writes from here on (PGlite's files as they grow, the secret key, logs
  // redirected by a supervisor aside) is its owner's only; db.ts also tightens what exists.
  process.umask(0o077);
  // The web build (when stale) and the store's start (initdb, migrations, demo warehouse on a
  // fresh machine) are both slow; they run side by side, and the server answers before the build ends.
  const webBuild = opts.buildWeb
    ? buildWebIfStale({ force: false }).catch((e: unknown) => log.error({ err: e }, 'building the web app failed; run `npm run build` to see why'))
    : Promise.resolve();
  // Listen at once: /healthz answers while the store starts (a fresh one takes seconds), and
  // everything else says Parley is starting; Parley takes the server over once it is ready.
  const httpServer = await listenWhileStarting(config.port, config.host);
  let store;
  try {
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (e) {
    if (e instanceof StoreOpenError) {
      process.stderr.write(`parley: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const parley = createParley({ config, log, store, channels: opts.channels, connectorKinds: opts.connectorKinds, httpServer });
  await parley.runtime.recoverInterrupted();
  const port = await parley.listen();
  log.info(
    { url: `http://${config.host}:${port}`, store: store.db.kind, model: parley.model.name },
    parley.model.offline ? 'Parley is up (offline planner: set GROQ_API_KEY to use Groq)' : 'Parley is up',
  );
  void webBuild.then((built) => built && log.info('the web app is built'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    parley
      .close()
      .then(() => process.exit(0))
      .catch((e) => {
        log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}


/** A server that answers /healthz (alive) and 503 to everything else until Parley takes it over. */
export function listenWhileStarting(port: number, host: string): Promise<HttpServer> {
  const server = createServer((req, res) => {
    const alive = req.url === '/healthz';
    res.writeHead(alive ? 200 : 503, { 'content-type': 'application/json', 'retry-after': '2' });
    res.end(JSON.stringify(alive ? { status: 'ok', starting: true } : { error: { code: 'starting', message: 'Parley is starting; try again in a few seconds.' } }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is in use; stop what uses it or set PORT`) : e),
    );
    server.listen(port, host, () => resolve(server));
  });
}
