import { benchCharts } from '../charts/charts.bench';
import { benchStreaming } from './streaming.bench';
import { benchWeb } from './web.bench';

// `npm run bench`: every benchmark prints its own figures. Tests never assert times; these do not either.
const benches: [string, () => Promise<void>][] = [
  ['streaming', () => benchStreaming()],
  ['charts', () => benchCharts()],
  ['web', () => benchWeb()],
];

const only = process.argv.slice(2);
for (const [name, run] of benches) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
process.stdout.write('\n');
