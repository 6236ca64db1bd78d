import { resolve } from 'node:path';
import { z } from 'zod';
import { parseHostAllowList } from './datasources/datasource-hosts';
import { TIER_NAMES } from './limits/tiers';

/** Every setting Parley reads from the environment, with defaults that work on a laptop. */
const envSchema = z.object({
  PORT: z.coerce.number({ message: 'expects a port number' }).int('expects a whole number').min(0, 'expects 0–65535').max(65535, 'expects 0–65535').default(3000),
  HOST: z.string().min(1, 'expects a host name or IP address').default('127.0.0.1'),
  PARLEY_DATA_DIR: z.string().min(1, 'expects a folder path').default('./.parley'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expects a postgres:// or postgresql:// connection URL')
    .optional(),
  GROQ_API_KEY: z.string().min(1).optional(),
  GROQ_BASE_URL: z.string().url('expects a URL such as http://127.0.0.1:11434').optional(),
  PARLEY_MODEL: z.string().min(1).default('llama-3.3-70b-versatile'),
  PARLEY_MODEL_MAX_RETRIES: z.coerce.number({ message: 'expects a whole number' }).int().min(0).max(10).default(3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expects one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  PARLEY_SHUTDOWN_GRACE_MS: z.coerce.number({ message: 'expects milliseconds' }).int().min(0).default(10_000),
  /** The address people reach Parley at, for links in Slack and Teams messages. */
  PARLEY_PUBLIC_URL: z.string().url('expects a URL such as https://parley.example.com').optional(),
  /** Comma-separated browser origins allowed besides Parley's own (e.g. the Vite dev server, http://localhost:5173). */
  PARLEY_ALLOWED_ORIGINS: z
    .string()
    .refine((v) => v.split(',').every((o) => !o.trim() || /^https?:\/\/[^/\s]+$/.test(o.trim())), 'expects comma-separated origins such as http://localhost:5173 (scheme, host and port, no path)')
    .optional(),

  // ---- Accounts (issue 13)
  /** How long a sign-in lasts before people sign in again, in hours. */
  PARLEY_SESSION_HOURS: z.coerce.number({ message: 'expects hours' }).positive('expects more than 0').max(24 * 90, 'expects at most 2160 (90 days)').default(168),

  // ---- Datasources and SQL (issue: ask the data)
  /** Encrypts stored datasource connection strings; unset: a key is generated once into the data dir. */
  PARLEY_SECRET_KEY: z.string().min(32, 'expects at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  EMBEDDINGS_BASE_URL: z.string().url('expects a URL of an OpenAI-compatible embeddings server').optional(),
  EMBEDDINGS_MODEL: z.string().min(1).optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  /**
   * Comma-separated hosts datasources may connect to: names (`db.example.com`), subdomain patterns
   * (`*.example.com`) and IP addresses. Unset: any host except the unspecified addresses.
   */
  PARLEY_DATASOURCE_HOSTS: z
    .string()
    .refine((v) => {
      try {
        parseHostAllowList(v);
        return true;
      } catch {
        return false;
      }
    }, 'expects comma-separated host names, *.domain patterns or IP addresses')
    .optional(),
  SQL_STATEMENT_TIMEOUT_MS: z.coerce.number({ message: 'expects milliseconds' }).int().min(100).default(15_000),
  SQL_MAX_ROWS_UI: z.coerce.number({ message: 'expects a whole number' }).int().min(1).default(10_000),
  SQL_MAX_ROWS_MODEL: z.coerce.number({ message: 'expects a whole number' }).int().min(1).default(200),

  // ---- Files (issue 14)
  /** The largest file people may upload, in MB; an XLSX may unpack to ten times this. */
  PARLEY_MAX_UPLOAD_MB: z.coerce.number({ message: 'expects megabytes' }).positive('expects more than 0').max(10_000).default(200),

  // ---- Sign-in by OpenID Connect (issue 13): all of issuer, client id and secret, or none
  /** The provider's issuer URL (https; http only on a loopback address, for local tests). */
  PARLEY_OIDC_ISSUER: z
    .string()
    .url('expects the issuer URL of an OpenID provider, e.g. https://login.microsoftonline.com/<tenant>/v2.0')
    .refine(isAllowedIssuer, 'expects an https:// URL (http:// only on 127.0.0.1, localhost or [::1])')
    .optional(),
  PARLEY_OIDC_CLIENT_ID: z.string().min(1).optional(),
  PARLEY_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The sign-in button's text: "Sign in with <label>". */
  PARLEY_OIDC_LABEL: z.string().min(1).max(60, 'expects at most 60 characters').optional(),

  // ---- Rate limits (issue 13)
  /** The tier (free, pro, enterprise) of every workspace whose admin has not chosen one. */
  PARLEY_DEFAULT_TIER: z.enum(TIER_NAMES, { message: `expects one of ${TIER_NAMES.join(', ')}` }).default('pro'),

  // ---- Data connectors (issue 17)
  /** How often every connector syncs, in minutes; 0: only when someone presses "Sync now". */
  PARLEY_CONNECTOR_SYNC_MINUTES: z.coerce.number({ message: 'expects minutes' }).int('expects a whole number of minutes').min(0, 'expects 0 (off) or more').max(7 * 24 * 60, 'expects at most 10080 (a week)').default(60),
  /**
   * Comma-separated origins a connector's API base may name instead of the provider's own API
   * (a local test server, a proxy). Unset: none; connectors reach only the real provider.
   */
  PARLEY_CONNECTOR_API_BASES: z
    .string()
    .refine((v) => v.split(',').every((o) => !o.trim() || /^https?:\/\/[^/\s]+\/?$/.test(o.trim())), 'expects comma-separated origins such as http://127.0.0.1:12111 (scheme, host and port, no path)')
    .optional(),

  // ---- Evals
  /** The judge model for llm-rubric assertions; unset: those assertions are skipped, with the reason. */
  PARLEY_EVAL_JUDGE_MODEL: z.string().min(1).optional(),

  // ---- Slack
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'expects a bot token starting with xoxb-').optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'expects an app-level token starting with xapp-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_API_URL: z.string().url('expects a URL such as https://slack.com/api/').optional(),
  /** Comma-separated Slack team ids allowed to use Parley; unset: every team that installs the app. */
  SLACK_ALLOWED_TEAMS: z.string().optional(),

  // ---- Microsoft Teams (Bot Framework names, as Azure sets them)
  MicrosoftAppId: z.string().min(1).optional(),
  MicrosoftAppPassword: z.string().min(1).optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { message: 'expects MultiTenant, SingleTenant or UserAssignedMSI' }).optional(),
  MicrosoftAppTenantId: z.string().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether the issuer's own address is loopback: only then may it be plain http (a test or local provider). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

function isAllowedIssuer(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackUrl(u));
  } catch {
    return false;
  }
}

/** OpenID Connect sign-in, when configured. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The sign-in button's text. */
  label: string;
}

const OIDC_VARIABLES = ['PARLEY_OIDC_ISSUER', 'PARLEY_OIDC_CLIENT_ID', 'PARLEY_OIDC_CLIENT_SECRET'] as const;

function oidcConfig(e: Env): OidcConfig | undefined {
  const missing = OIDC_VARIABLES.filter((name) => !e[name]);
  if (missing.length === OIDC_VARIABLES.length) {
    if (e.PARLEY_OIDC_LABEL) throw new ConfigError(`PARLEY_OIDC_LABEL is set but OpenID Connect is not: set ${OIDC_VARIABLES.join(', ')} too, or unset it`);
    return undefined;
  }
  if (missing.length) throw new ConfigError(`OpenID Connect sign-in needs ${OIDC_VARIABLES.join(', ')} together; missing: ${missing.join(', ')}`);
  return { issuer: e.PARLEY_OIDC_ISSUER!, clientId: e.PARLEY_OIDC_CLIENT_ID!, clientSecret: e.PARLEY_OIDC_CLIENT_SECRET!, label: e.PARLEY_OIDC_LABEL ?? 'single sign-on' };
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  model: { groqApiKey?: string; groqBaseUrl?: string; model: string; maxRetries: number };
  logLevel: Env['LOG_LEVEL'];
  shutdownGraceMs: number;
  publicUrl?: string;
  /** Sign-in through an OpenID provider; unset: email and password only. */
  oidc?: OidcConfig;
  /** Every variable as parsed, for the sections (SQL, Slack, Teams…) that read their own. */
  env: Env;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration; a bad value throws a ConfigError naming the variable and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    throw new ConfigError(`${name}=${JSON.stringify(present[name] ?? '')} is not valid: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.PARLEY_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    model: { groqApiKey: e.GROQ_API_KEY, groqBaseUrl: e.GROQ_BASE_URL, model: e.PARLEY_MODEL, maxRetries: e.PARLEY_MODEL_MAX_RETRIES },
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.PARLEY_SHUTDOWN_GRACE_MS,
    publicUrl: e.PARLEY_PUBLIC_URL,
    oidc: oidcConfig(e),
    env: e,
  };
}
