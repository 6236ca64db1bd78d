import type { Server as HttpServer } from 'node:http';
import type express from 'express';
import type { Config } from './config';
import type { Logger } from './logger';
import type { ChatRuntime } from './runtime/chat-runtime';
import type { Store } from './store/store';
import type { Uploads } from './files/uploads';

/** What a channel adapter (Slack, Teams…) receives: the runtime facade and a place to mount routes. */
export interface ChannelContext {
  /** Routes mounted here are served before the API's 404 and the web app's fallback. */
  app: express.Express;
  httpServer: HttpServer;
  runtime: ChatRuntime;
  store: Store;
  config: Config;
  log: Logger;
  /** The port the server listens on, known after `listen()`. */
  port(): number;
  /** Where files people share in the channel go (each becomes an upload attached to the question). */
  uploads?: Uploads;
  /** The largest file taken (PARLEY_MAX_UPLOAD_MB), in bytes. */
  maxUploadBytes?: number;
}

/**
 * Where a channel stands, as /readyz reports it: 'ready' only while it accepts traffic; 'failed'
 * when its start gave up (the log says why); 'stopped' once it has been stopped.
 */
export type ChannelStatus = 'starting' | 'ready' | 'failed' | 'stopped';

export interface Channel {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): ChannelStatus;
}

/**
 * Builds a channel, or returns null when its settings are absent (it then logs one line saying
 * it is off and why). Called while the app is assembled, before it listens.
 */
export type ChannelFactory = (ctx: ChannelContext) => Channel | null;
