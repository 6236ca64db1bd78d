import type { ChannelFactory } from '../server/channels';
import { createSlackChannel, type RenderChartPng } from './slack/index';

export interface ChannelDeps {
  /** Draws a chart artifact as PNG for Slack and Teams (server/charts/render.ts). */
  renderChartPng?: RenderChartPng;
}

/** Every channel adapter Parley ships; each turns itself on only when its settings are present. */
export function createChannels(deps: ChannelDeps = {}): ChannelFactory[] {
  return [createSlackChannel({ renderChartPng: deps.renderChartPng })];
}
