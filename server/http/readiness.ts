import type { ChannelStatus } from '../channels';

/** Where the server as a whole stands: not yet told to listen, serving, or shutting down. */
export type ServerPhase = 'starting' | 'serving' | 'stopping';

export type ReadinessCode = 'starting' | 'stopping' | 'store:unavailable' | 'channel:not_ready';

export type Readiness =
  | { status: 200; body: { status: 'ready'; channels: Record<string, ChannelStatus> } }
  | { status: 503; body: { error: { code: ReadinessCode; message: string } } };

const NOT_READY: Record<Exclude<ChannelStatus, 'ready'>, string> = {
  starting: 'is starting',
  failed: 'could not start (the server log says why)',
  stopped: 'is stopped',
};

/**
 * What /readyz answers: 200 only when the store answers and every channel that was configured
 * is accepting traffic, since a load balancer sends requests wherever this says yes.
 */
export function readiness(s: { phase: ServerPhase; storeOk: boolean; channels: { name: string; status: ChannelStatus }[] }): Readiness {
  const no = (code: ReadinessCode, message: string): Readiness => ({ status: 503, body: { error: { code, message } } });
  if (s.phase === 'starting') return no('starting', 'Parley is starting; try again in a few seconds.');
  if (s.phase === 'stopping') return no('stopping', 'Parley is shutting down.');
  if (!s.storeOk) return no('store:unavailable', 'The database is not answering.');
  const waiting = s.channels.filter((c) => c.status !== 'ready');
  if (waiting.length) {
    return no('channel:not_ready', `Not accepting traffic yet: ${waiting.map((c) => `the ${c.name} channel ${NOT_READY[c.status as Exclude<ChannelStatus, 'ready'>]}`).join('; ')}.`);
  }
  return { status: 200, body: { status: 'ready', channels: Object.fromEntries(s.channels.map((c) => [c.name, c.status])) } };
}
