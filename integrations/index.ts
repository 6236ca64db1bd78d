import type { ChannelFactory } from '../server/channels';
import { renderChartPng } from '../server/charts/render';
import { createTeamsChannel } from './teams/index';

/** Every channel adapter Parley ships; each turns itself on only when its settings are present. */
export function createChannels(): ChannelFactory[] {
  // Charts reach Slack and Teams as PNGs drawn on the server, without a browser.
  return [createTeamsChannel({ renderChartPng })];
}
