import type { ChannelFactory } from '../server/channels';
import { createTeamsChannel } from './teams/index';

/** Every channel adapter Parley ships; each turns itself on only when its settings are present. */
export function createChannels(): ChannelFactory[] {
  return [createTeamsChannel()];
}
