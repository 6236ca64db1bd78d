import { ConfigError, loadConfig } from './config';
import { createParley } from './app';
import type { ChannelFactory } from './channels';
import { createLogger } from './logger';
import { StoreOpenError } from './store/db';
import { openStore } from './store/store';

/** Starts Parley from the environment; a bad setting stops start-up with one line saying which. */
export async function main(opts: { channels?: ChannelFactory[] } = {}): Promise<void> {
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
  const parley = createParley({ config, log, store, channels: opts.channels });
  await parley.runtime.recoverInterrupted();
  const port = await parley.listen();
  log.info(
    { url: `http://${config.host}:${port}`, store: store.db.kind, model: parley.model.name },
    parley.model.offline ? 'Parley is up (offline planner: set GROQ_API_KEY to use Groq)' : 'Parley is up',
  );

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

