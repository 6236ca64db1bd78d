// `npm run bench [name…]`: every benchmark prints its own figures. Tests never assert times.
// It lives at the root because the channel adapters (integrations/) sit above the server.
import { benchConnectors } from './integrations/connectors/connectors.bench';
import { benchSlack } from './integrations/slack/slack.bench';
import { benchTeams } from './integrations/teams/teams.bench';
import { serverBenches, type Bench } from './server/bench/index';
import { benchForecast } from './tools/forecast/forecast.bench';

const benches: Bench[] = [...serverBenches, ['slack', () => benchSlack()], ['teams', () => benchTeams()], ['forecast', () => benchForecast()], ['connectors', () => benchConnectors()]];

const only = process.argv.slice(2);
const unknown = only.filter((n) => !benches.some(([name]) => name === n));
if (unknown.length) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${benches.map(([n]) => n).join(', ')}\n`);
  process.exit(2);
}
for (const [name, run] of benches) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
process.stdout.write('\n');
