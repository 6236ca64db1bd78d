import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs; secrets never reach them (redacted by path). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'parley' },
      redact: { paths: ['*.apiKey', '*.password', '*.token', 'headers.authorization', '*.url'], censor: '[redacted]' },
    },
    destination,
  );
}
