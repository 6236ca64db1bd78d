import type { Env } from '../../server/config';

export type SlackSettings =
  | {
      on: true;
      mode: 'socket' | 'http';
      botToken: string;
      appToken?: string;
      signingSecret?: string;
      apiUrl?: string;
      /** Slack team ids allowed to ask; null lets every team that installed the app. */
      allowedTeams: Set<string> | null;
    }
  | { on: false; reason: string };

/** Reads the Slack section of the (already validated) configuration and decides whether Slack is on, and how. */
export function slackSettings(env: Env): SlackSettings {
  if (!env.SLACK_BOT_TOKEN) return { on: false, reason: 'SLACK_BOT_TOKEN is not set' };
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    return { on: false, reason: 'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP) is' };
  }
  const teams = (env.SLACK_ALLOWED_TEAMS ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    on: true,
    // Socket Mode needs no public URL, so it wins when both are configured.
    mode: env.SLACK_APP_TOKEN ? 'socket' : 'http',
    botToken: env.SLACK_BOT_TOKEN,
    appToken: env.SLACK_APP_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    apiUrl: env.SLACK_API_URL,
    allowedTeams: teams.length ? new Set(teams) : null,
  };
}
