import { App, LogLevel, type Receiver } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Channel, ChannelFactory, ChannelStatus } from '../../server/channels';
import { ask, type SlackQuestion } from './ask';
import { downloadSlackFile } from './slack-files';
import type { WebClient } from '@slack/web-api';
import type { RenderChartPng } from './artifact-poster';
import { boltLogger } from './bolt-logger';
import { ExpressRouteReceiver } from './http-receiver';
import { slackSettings } from './settings';
import { describeSlackError, fetchWithRequestIds } from './slack-errors';
import { registerSlackHandlers } from './slack-handlers';
import { createSlackStore } from './slack-store';
import { baseUrl } from '../teams/artifact-links';

export type { RenderChartPng } from './artifact-poster';

export const SLACK_EVENTS_PATH = '/slack/events';

/** The Web API's `retryPolicies.fiveRetriesInFiveMinutes` (not importable by name under Node's ESM loader). */
const FIVE_RETRIES_IN_FIVE_MINUTES: RetryOptions = { retries: 5, factor: 3.86 };

export interface SlackChannelDeps {
  /** Draws chart artifacts as PNG for upload (server/charts/render.ts); without it charts are posted as their data. */
  renderChartPng?: RenderChartPng;
  /** Replaces Socket Mode / HTTP transport, e.g. a receiver that tests feed with `app.processEvent`. */
  receiver?: Receiver;
  /** How the Web API client retries failed calls; 429s always wait as long as Slack asks. Default: five retries in about five minutes. */
  retryConfig?: RetryOptions;
  /** Test-only: hosts (host:port) files may be downloaded from besides files.slack.com (a fake on 127.0.0.1). */
  fileTestHosts?: string[];
}

export interface SlackChannel extends Channel {
  app: App;
  mode: 'socket' | 'http' | 'custom';
  /** Resolves when every answer started so far is fully posted. */
  idle(): Promise<void>;
}

/**
 * The Slack channel adapter: direct messages and the Messages tab, mentions answered in
 * threads, follow-ups in those threads, and /parley — all over the chat runtime, streamed
 * with Slack's native streaming. On when SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or
 * SLACK_SIGNING_SECRET (HTTP at /slack/events) are set.
 */
export function createSlackChannel(deps: SlackChannelDeps): ChannelFactory {
  return (ctx): SlackChannel | null => {
    const settings = slackSettings(ctx.config.env);
    const log = ctx.log.child({ channel: 'slack' });
    if (!settings.on) {
      log.info(`Slack is off: ${settings.reason}`);
      return null;
    }
    const mode = deps.receiver ? 'custom' : settings.mode;
    const clientOptions = {
      slackApiUrl: settings.apiUrl,
      fetch: fetchWithRequestIds(),
      // 429s wait for Slack's Retry-After and try again rather than failing the answer.
      rejectRateLimitedCalls: false,
      // Always explicit: the Socket Mode client would otherwise write its own (100 retries) into these shared options.
      retryConfig: deps.retryConfig ?? FIVE_RETRIES_IN_FIVE_MINUTES,
    };
    const common = { token: settings.botToken, clientOptions, logger: boltLogger(log), logLevel: LogLevel.INFO, deferInitialization: true };
    let httpReceiver: ExpressRouteReceiver | undefined;
    let app: App;
    if (deps.receiver) {
      app = new App({ ...common, receiver: deps.receiver, tokenVerificationEnabled: false });
    } else if (settings.mode === 'socket') {
      app = new App({ ...common, appToken: settings.appToken, socketMode: true });
    } else {
      httpReceiver = new ExpressRouteReceiver({ signingSecret: settings.signingSecret as string, log });
      app = new App({ ...common, receiver: httpReceiver });
      ctx.app.post(SLACK_EVENTS_PATH, httpReceiver.handle);
    }

    if (!deps.renderChartPng) log.warn('Slack: no chart renderer is wired, so charts are posted as their data tables');
    const slackStore = createSlackStore(ctx.store.db.pool);
    const noStreaming = new Set<string>();
    const inflight = new Set<Promise<void>>();
    // A file shared with a question is downloaded with the bot token and uploaded for the asker.
    const uploads = ctx.uploads;
    const attachFiles =
      uploads && ctx.maxUploadBytes
        ? async (client: WebClient, q: SlackQuestion, owner: { workspaceId: string; userId: string }) => {
            const out: { uploadId: string }[] = [];
            for (const f of q.files ?? []) {
              const file = await downloadSlackFile(client, f, { token: settings.botToken as string, maxBytes: ctx.maxUploadBytes!, testHosts: deps.fileTestHosts });
              out.push({ uploadId: (await uploads.add({ ...owner, name: file.name, bytes: file.bytes })).id });
            }
            return out;
          }
        : undefined;
    // The editor links in campaign cards point where people reach the web app.
    const publicUrl = () => baseUrl(ctx.config, ctx.port());
    registerSlackHandlers(app, {
      log,
      slackStore,
      allowed: (team) => !settings.allowedTeams || settings.allowedTeams.has(team),
      ask(client, q) {
        const p = ask(client, q, { runtime: ctx.runtime, slackStore, log, renderChartPng: deps.renderChartPng, noStreaming, attachFiles, publicUrl }).finally(() => inflight.delete(p));
        inflight.add(p);
      },
    });

    // Ready only once bolt's transport runs: before that /slack/events answers 503.
    let status: ChannelStatus = 'starting';
    return {
      name: 'slack',
      app,
      mode,
      status: () => status,
      async start() {
        try {
          await app.init();
          await app.start();
        } catch (e) {
          status = 'failed';
          // A bad token or an unreachable Slack must not keep the web chat down; the log says why.
          const f = describeSlackError(e);
          log.error({ slackError: f.error, slackRequestId: f.requestId }, `Slack could not start (${f.error}); Parley runs without it. Check SLACK_BOT_TOKEN${mode === 'socket' ? ' and SLACK_APP_TOKEN' : ''}.`);
          return;
        }
        status = 'ready';
        log.info({ mode, events: mode === 'http' ? SLACK_EVENTS_PATH : undefined }, 'Slack is on');
      },
      async stop() {
        status = 'stopped';
        await app.stop().catch((e: unknown) => log.warn({ err: e }, 'Slack transport did not stop cleanly'));
        // Answers under way may finish within the grace period; after it the runtime stops them.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.idle(), new Promise<void>((r) => (timer = setTimeout(r, ctx.config.shutdownGraceMs)))]);
        clearTimeout(timer);
      },
      async idle() {
        while (inflight.size) await Promise.allSettled([...inflight]);
      },
    };
  };
}
