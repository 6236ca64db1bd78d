import { describe, expect, it } from 'vitest';
import type { ChannelStatus } from '../channels';
import { readiness, type ServerPhase } from './readiness';

const ch = (name: string, status: ChannelStatus) => ({ name, status });

describe('readiness', () => {
  it.each<{ name: string; phase: ServerPhase; storeOk: boolean; channels: ReturnType<typeof ch>[]; code: string; message: RegExp }>([
    { name: 'not yet listening', phase: 'starting', storeOk: true, channels: [], code: 'starting', message: /starting/ },
    { name: 'shutting down', phase: 'stopping', storeOk: true, channels: [ch('slack', 'ready')], code: 'stopping', message: /shutting down/ },
    { name: 'the store not answering', phase: 'serving', storeOk: false, channels: [ch('slack', 'ready')], code: 'store:unavailable', message: /database/ },
    { name: 'Slack still starting', phase: 'serving', storeOk: true, channels: [ch('slack', 'starting'), ch('teams', 'ready')], code: 'channel:not_ready', message: /^Not accepting traffic yet: the slack channel is starting\.$/ },
    { name: 'Slack failed and Teams stopped', phase: 'serving', storeOk: true, channels: [ch('slack', 'failed'), ch('teams', 'stopped')], code: 'channel:not_ready', message: /the slack channel could not start .*; the teams channel is stopped\.$/ },
  ])('is 503 with $name', ({ phase, storeOk, channels, code, message }) => {
    const r = readiness({ phase, storeOk, channels });
    expect(r.status).toBe(503);
    if (r.status !== 503) return;
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(message);
  });

  it('is 200 listing every channel when the store answers and all channels are ready', () => {
    expect(readiness({ phase: 'serving', storeOk: true, channels: [ch('slack', 'ready'), ch('teams', 'ready')] })).toEqual({
      status: 200,
      body: { status: 'ready', channels: { slack: 'ready', teams: 'ready' } },
    });
    expect(readiness({ phase: 'serving', storeOk: true, channels: [] })).toEqual({ status: 200, body: { status: 'ready', channels: {} } });
  });
});
