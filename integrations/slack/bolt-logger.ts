import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../server/logger';

const LEVELS: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR, fatal: LogLevel.ERROR };

/** bolt and the Web API client log through Parley's logger (its level decides; bolt cannot raise it). */
export function boltLogger(log: Logger): BoltLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    const err = msg.find((m): m is Error => m instanceof Error);
    const text = msg.filter((m) => !(m instanceof Error)).map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    if (err) log[level]({ err, source: 'bolt' }, text || err.message);
    else log[level]({ source: 'bolt' }, text);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => undefined,
    getLevel: () => LEVELS[log.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}
