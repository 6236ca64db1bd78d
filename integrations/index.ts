import type { ChannelFactory } from '../server/channels';

/** Every channel adapter Parley ships; each turns itself on only when its settings are present. */
export function createChannels(): ChannelFactory[] {
  return [];
}
