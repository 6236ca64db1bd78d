import { parse as parseQuery } from 'node:querystring';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import type express from 'express';
import type { Logger } from '../../server/logger';

/** Slack sends at most this much in one request (bolt's default limit too). */
const BODY_LIMIT = 10 * 1024 * 1024;

async function readRaw(req: express.Request): Promise<string> {
  // The server's JSON parser keeps the exact bytes for signature checks; other bodies are still unread.
  const kept = (req as { rawBody?: Buffer }).rawBody;
  if (kept) return kept.toString('utf8');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > BODY_LIMIT) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    const form = parseQuery(raw) as Record<string, unknown>;
    // Interactivity sends its JSON in a `payload` form field.
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(raw);
}

/**
 * A bolt Receiver that serves Slack's HTTP requests from Parley's own Express app (one port for
 * everything): verifies the signing secret over the raw body, answers url_verification and
 * ssl_check, and hands the rest to bolt with an `ack` that writes the HTTP response.
 */
export class ExpressRouteReceiver implements Receiver {
  private app: App | undefined;
  /** True between bolt's start and stop; before that (or after a failed start) Slack gets a 503. */
  private running = false;

  constructor(private readonly opts: { signingSecret: string; log: Logger; now?: () => number }) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
  }

  /** The Express handler for POST /slack/events. */
  readonly handle = async (req: express.Request, res: express.Response): Promise<void> => {
    let raw: string;
    try {
      raw = await readRaw(req);
    } catch {
      res.status(413).json({ error: { code: 'slack:body_too_large', message: 'The request body is larger than Slack ever sends.' } });
      return;
    }
    try {
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': req.get('x-slack-signature') ?? '',
          'x-slack-request-timestamp': Number(req.get('x-slack-request-timestamp')),
        },
        nowMilliseconds: this.opts.now?.(),
      });
    } catch (e) {
      this.opts.log.warn({ reason: (e as Error).message }, 'rejected a Slack request with a bad signature');
      res.status(401).json({ error: { code: 'slack:bad_signature', message: 'The request is not signed with this app\'s Slack signing secret.' } });
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, req.get('content-type'));
    } catch {
      res.status(400).json({ error: { code: 'slack:bad_body', message: 'The request body is neither JSON nor a Slack form post.' } });
      return;
    }
    if (body.ssl_check) {
      res.status(200).end();
      return;
    }
    if (body.type === 'url_verification') {
      res.json({ challenge: body.challenge });
      return;
    }
    if (!this.app || !this.running) {
      res.status(503).json({ error: { code: 'slack:not_running', message: 'Parley\'s Slack channel is not running; the server log says why.' } });
      return;
    }
    let acked = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      if (acked) return;
      acked = true;
      if (response === undefined || response === '') res.status(200).end();
      else if (typeof response === 'string') res.status(200).type('text').send(response);
      else res.status(200).json(response);
    };
    const retryNum = req.get('x-slack-retry-num');
    try {
      await this.app.processEvent({
        body,
        ack,
        retryNum: retryNum ? Number(retryNum) : undefined,
        retryReason: req.get('x-slack-retry-reason'),
      });
    } catch (e) {
      this.opts.log.error({ err: e }, 'Slack request handling failed');
      if (!acked) {
        acked = true;
        res.status(500).json({ error: { code: 'internal', message: 'Parley could not handle this Slack request.' } });
        return;
      }
    }
    if (!acked) await ack();
  };
}
