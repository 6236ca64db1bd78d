import type { Channel, ChannelFactory, ChannelStatus } from '../../server/channels';
import { ConfigError } from '../../server/config';
import { loadSecretKey } from '../../server/secrets';
import { ParleyCloudAdapter, type TeamsCredentials } from './adapter';
import { baseUrl, CHART_PNG_PATH, createArtifactLinks } from './artifact-links';
import { ParleyTeamsBot } from './bot';
import { chartImagesRouter, type RenderChartPng } from './chart-images';
import { downloadTeamsFile } from './teams-files';
import { createTeamsStore } from './teams-store';

export type { RenderChartPng } from './chart-images';

export interface TeamsChannelOptions {
  /** Renders chart artifacts to PNG for cards; without it charts get a note instead of an image. */
  renderChartPng?: RenderChartPng;
  /** How long CSV and chart links in Teams messages keep working (default 7 days). */
  linkTtlSeconds?: number;
  /** Longest text in one Teams message (default 8,000 characters; Teams caps a message near 28 KB). */
  maxMessageChars?: number;
  /** Time between streaming requests (default 1,000 ms: Teams allows one per second). */
  streamIntervalMs?: number;
  /** How often group chats see the typing indicator renewed (default 3,000 ms). */
  typingIntervalMs?: number;
  /** Test-only: hosts (host:port) files may be downloaded from besides SharePoint/OneDrive. Never from the environment. */
  fileTestHosts?: string[];
  /** How long one file download may take (default 60 s). */
  fileTimeoutMs?: number;
}

export interface TeamsChannel extends Channel {
  bot: ParleyTeamsBot;
  adapter: ParleyCloudAdapter;
}

/**
 * Parley as a Microsoft Teams bot: Bot Framework's CloudAdapter at POST /api/messages on
 * Parley's own server, on when MicrosoftAppId and MicrosoftAppPassword are set.
 */
export function createTeamsChannel(opts: TeamsChannelOptions = {}): ChannelFactory {
  return (ctx): TeamsChannel | null => {
    const { config, log } = ctx;
    const env = config.env;
    if (!env.MicrosoftAppId || !env.MicrosoftAppPassword) {
      log.info('teams: off (set MicrosoftAppId and MicrosoftAppPassword to turn it on)');
      return null;
    }
    const appType = env.MicrosoftAppType ?? 'MultiTenant';
    if (appType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
      throw new ConfigError('MicrosoftAppTenantId is not set: a SingleTenant bot needs the id of the Entra tenant its app registration lives in.');
    }
    const credentials: TeamsCredentials = {
      MicrosoftAppId: env.MicrosoftAppId,
      MicrosoftAppPassword: env.MicrosoftAppPassword,
      MicrosoftAppType: appType,
      MicrosoftAppTenantId: env.MicrosoftAppTenantId,
    };
    const key = loadSecretKey(config);
    const links = createArtifactLinks({ key, base: () => baseUrl(config, ctx.port()), ttlSeconds: opts.linkTtlSeconds ?? 7 * 24 * 3600 });
    const adapter = new ParleyCloudAdapter(credentials, log);
    // A file sent with a question is downloaded (no token: the URL is pre-authenticated) and uploaded for the asker.
    const { uploads, maxUploadBytes } = ctx;
    const attachFiles =
      uploads && maxUploadBytes
        ? async (files: Parameters<typeof downloadTeamsFile>[0][], owner: { workspaceId: string; userId: string }) => {
            const out: { uploadId: string }[] = [];
            for (const f of files) {
              const file = await downloadTeamsFile(f, { maxBytes: maxUploadBytes, testHosts: opts.fileTestHosts, timeoutMs: opts.fileTimeoutMs });
              out.push({ uploadId: (await uploads.add({ ...owner, name: file.name, bytes: file.bytes })).id });
            }
            return out;
          }
        : undefined;
    const bot = new ParleyTeamsBot({
      attachFiles,
      runtime: ctx.runtime,
      store: createTeamsStore(ctx.store.db.pool),
      appId: credentials.MicrosoftAppId,
      log,
      render: {
        links,
        publicUrl: () => baseUrl(config, ctx.port()),
        chartImages: Boolean(opts.renderChartPng),
        maxMessageChars: opts.maxMessageChars ?? 8000,
        streamIntervalMs: opts.streamIntervalMs ?? 1000,
        typingIntervalMs: opts.typingIntervalMs ?? 3000,
        log,
      },
    });
    ctx.app.post('/api/messages', (req, res) => adapter.handle(req, res, (turn) => bot.run(turn)));
    if (opts.renderChartPng) ctx.app.use(CHART_PNG_PATH, chartImagesRouter({ store: ctx.store, key, render: opts.renderChartPng }));
    if (!opts.renderChartPng) log.info('teams: no chart renderer wired; charts are sent as a note');
    // /api/messages is mounted already; 'ready' once start() has run keeps /readyz in step with the other channels.
    let status: ChannelStatus = 'starting';
    return {
      name: 'teams',
      bot,
      adapter,
      status: () => status,
      async start() {
        status = 'ready';
        log.info({ appType, endpoint: `${baseUrl(config, ctx.port())}/api/messages` }, 'teams: on');
      },
      async stop() {
        status = 'stopped';
        // Replies still being written get the same grace as the runs they show.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([bot.idle(), new Promise((r) => (timer = setTimeout(r, config.shutdownGraceMs)))]);
        clearTimeout(timer);
      },
    };
  };
}
