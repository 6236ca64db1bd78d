import { benchStreaming } from './streaming.bench';
import { benchSql } from './sql.bench';

// `npm run bench`: every benchmark prints its own figures. Tests never assert times; these do not either.
const benches: [string, () => Promise<void>][] = [
  ['streaming', () => benchStreaming()],
  ['sql', () => benchSql()],
];

const only = process.argv.slice(2);
for (const [name, run] of benches) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
process.stdout.write('\n');
