import { fmt, report } from '../../server/bench/stats';
import { addStripeConnector, startConnectorsParley, waitForSync } from './testing/parley';
import { startStripeTestServer } from './testing/stripe-server';

/**
 * Stripe backfill throughput: N charges served by the local Stripe-compatible server (100 per
 * page, as Stripe pages), fetched by the official SDK and upserted page by page with the cursor
 * (PGlite by default; DATABASE_URL-style server leg through TEST_DATABASE_URL is not used here).
 */
export async function benchConnectors(opts: { charges?: number } = {}) {
  const n = opts.charges ?? Number(process.env.PARLEY_BENCH_CHARGES ?? 100_000);
  // One created window spanning all the charges: the figure is pages and upserts, not empty windows.
  // Seeded before Parley starts: a long pause between the harness's sign-in and the first request
  // would race the keep-alive socket's close (an ECONNRESET that has nothing to do with the sync).
  const stripe = await startStripeTestServer();
  stripe.seed('charge', n);
  const { t, destroy } = await startConnectorsParley({ stripe, kinds: { stripe: { windowDays: 3650 } } });
  try {
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    const { id } = await addStripeConnector(t.admin, stripe);
    const done = await waitForSync(t.admin, id, 3_600_000);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const rows = done.streams.find((s) => s.stream === 'charges')?.rows ?? 0;
    if (done.lastError || rows !== n) throw new Error(`backfill incomplete: ${rows}/${n} (${done.lastError ?? 'no error'})`);
    report(`Connectors: Stripe backfill of ${n.toLocaleString('en')} charges from the local server (PGlite, 100 per page)`, [
      ['charges', n.toLocaleString('en')],
      ['list requests', String(stripe.requests.filter((r) => r.path === '/v1/charges').length)],
      ['wall time', `${fmt(seconds, 1)} s`],
      ['rows/s', fmt(n / seconds, 0)],
      ['peak RSS (server, test server and SDK in one process)', `${fmt(peakRss / 2 ** 20, 0)} MB`],
    ]);
  } finally {
    await destroy();
    await stripe.close();
  }
}
