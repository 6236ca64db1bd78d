import type { ChannelFactory } from '../server/channels';
import { renderChartPngPooled } from '../server/charts/render-pool';
import { createSlackChannel, type RenderChartPng } from './slack/index';
import { createTeamsChannel } from './teams/index';

export interface ChannelDeps {
  /** Draws a chart artifact as PNG for Slack and Teams; by default the server's render pool (worker threads, size-capped, cached). */
  renderChartPng?: RenderChartPng;
}

/** Every channel adapter Parley ships; each turns itself on only when its settings are present. */
export function createChannels(deps: ChannelDeps = { renderChartPng: renderChartPngPooled }): ChannelFactory[] {
  return [createSlackChannel({ renderChartPng: deps.renderChartPng }), createTeamsChannel({ renderChartPng: deps.renderChartPng })];
}
