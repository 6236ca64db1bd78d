import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoQuery } from '../../server/datasources/testing';
import { appMention } from './testing/payloads';
import { startSlackParley, type SlackParley } from './testing/slack-harness';

describe('a payments lookup in Slack', () => {
  let s: SlackParley;
  beforeAll(async () => {
    s = await startSlackParley();
  }, 180_000);
  afterAll(async () => {
    await s?.destroy();
  });
  beforeEach(() => s.fake.reset());

  it('"disputes still open?" arrives as a table block of the open disputes, money as money', async () => {
    // The model's way: it fills lookup_payments' typed fields; the tool writes and runs the SQL.
    s.mock.enqueue({ toolCalls: [{ name: 'lookup_payments', args: { kind: 'disputes', status: 'open' } }] }, { text: 'These disputes are still open.' });
    const mention = appMention({ text: 'disputes still open?', channel: 'C3' });
    await s.feed(mention);
    await s.channel!.idle();

    const gold = await demoQuery<{ id: string; amount: string }>(s.t, `SELECT 'dp_' || dispute_id AS id, amount FROM demo.disputes WHERE status = 'open' ORDER BY created_at DESC`);
    const post = s.fake.callsTo('chat.postMessage').find((c) => JSON.stringify(c.args).includes('"table"'));
    expect(post).toBeDefined();
    const table = (post!.args.blocks as { type: string; rows?: { text: string; value?: number }[][] }[]).find((b) => b.type === 'table')!;
    const header = table.rows![0].map((c) => c.text);
    expect(header.slice(0, 2)).toEqual(['id', 'created_at']);
    const amount = header.indexOf('amount');
    expect(table.rows![1][0].text).toBe(gold[0].id);
    expect(table.rows![1][amount].text).toMatch(/^\$[\d,]+\.\d{2}$/);
    expect(table.rows![1][amount].value).toBeCloseTo(Number(gold[0].amount), 2);
    expect(table.rows!.slice(1).map((r) => r[0].text)).toEqual(gold.slice(0, table.rows!.length - 1).map((g) => g.id));
  });
});
