import { resolve } from 'node:path';
import { z } from 'zod';

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
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  model: { groqApiKey?: string; groqBaseUrl?: string; model: string; maxRetries: number };
  logLevel: Env['LOG_LEVEL'];
  shutdownGraceMs: number;
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
  };
}
