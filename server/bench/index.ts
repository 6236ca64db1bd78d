import { benchCharts } from '../charts/charts.bench';
import { benchStreaming } from './streaming.bench';
import { benchSql } from './sql.bench';
import { benchWeb } from './web.bench';
import { benchFiles } from '../files/files.bench';
import { benchCampaigns } from '../campaigns/campaigns.bench';
import { benchLookups } from '../connected-data/lookups.bench';

export type Bench = [name: string, run: () => Promise<void>];

/** The server's benchmarks; the root bench.ts adds the channels' and runs them. */
export const serverBenches: Bench[] = [
  ['streaming', () => benchStreaming()],
  ['sql', () => benchSql()],
  ['charts', () => benchCharts()],
  ['web', () => benchWeb()],
  ['files', () => benchFiles()],
  ['campaigns', () => benchCampaigns()],
  ['lookups', () => benchLookups()],
];
