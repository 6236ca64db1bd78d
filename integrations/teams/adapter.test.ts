import { Writable } from 'node:stream';
import { TestAdapter } from 'botbuilder';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { installTurnErrorHandler } from './adapter';
import { APOLOGY } from './bot';

describe('onTurnError', () => {
  it('logs the error and answers with a short apology that does not reveal it', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'error' }, new Writable({ write: (chunk, _enc, cb) => void (lines.push(String(chunk)), cb()) }));
    const adapter = new TestAdapter(async () => {
      throw new Error('connection refused to 10.0.0.7:5432 (password=hunter2)');
    });
    installTurnErrorHandler(adapter, log);
    await adapter.send('hello').assertReply((reply) => {
      expect(reply.text).toBe(APOLOGY);
      expect(reply.text).not.toMatch(/10\.0\.0\.7|hunter2/);
    });
    expect(lines.join('')).toContain('connection refused to 10.0.0.7');
  });
});
