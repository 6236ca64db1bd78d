import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../../server/logger';
import { APOLOGY } from './bot';

export interface TeamsCredentials {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  MicrosoftAppTenantId?: string;
}

const activityShape = z.looseObject({ type: z.string().min(1), serviceUrl: z.string().optional() });

function isAuthFailure(err: unknown): boolean {
  const e = err as { name?: string; statusCode?: number };
  return e?.name === 'AuthenticationError' || e?.statusCode === 401 || e?.statusCode === 403;
}

/**
 * Bot Framework's CloudAdapter on Parley's Express app. It validates the caller's JWT (Bot
 * Connector or Emulator) for the configured app id; a request that fails gets a bare 401, with
 * why only in Parley's log.
 */
export class ParleyCloudAdapter extends CloudAdapter {
  constructor(
    credentials: TeamsCredentials,
    private readonly log: Logger,
  ) {
    super(new ConfigurationBotFrameworkAuthentication({ ...credentials }));
    installTurnErrorHandler(this, log);
  }

  /** The handler for POST /api/messages. */
  async handle(req: Request, res: Response, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const auth = req.headers.authorization ?? '';
    if (!auth) {
      this.log.warn({ ip: req.ip }, 'teams: rejected a request to /api/messages without credentials');
      res.status(401).end();
      return;
    }
    const body = activityShape.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: { code: 'input:invalid', message: 'The request body is not a Bot Framework activity (it needs at least a type).' } });
      return;
    }
    try {
      const invoke = await this.processActivity(auth, body.data as unknown as Activity, logic);
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) res.json(invoke.body);
      else res.end();
    } catch (err) {
      if (!isAuthFailure(err)) throw err;
      this.log.warn({ ip: req.ip, reason: (err as Error).message }, 'teams: rejected a request to /api/messages that failed authentication');
      res.status(401).end();
    }
  }
}

/** Errors escaping a turn are logged and the user gets a short apology (never the error itself). */
export function installTurnErrorHandler(adapter: { onTurnError: (ctx: TurnContext, error: Error) => Promise<void> }, log: Logger) {
  adapter.onTurnError = async (ctx, error) => {
    log.error({ err: error, conversation: ctx.activity?.conversation?.id }, 'teams: a turn failed');
    await ctx.sendActivity(APOLOGY).catch((e: unknown) => log.error({ err: e }, 'teams: the apology could not be sent'));
  };
}
