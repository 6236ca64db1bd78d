import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoQuery } from '../../server/datasources/testing';
import { startTestParley, type TestParley } from '../../server/testing/harness';
import { createTeamsChannel, type TeamsChannel } from './index';
import { bindTeamsTenant } from './testing/bind';
import { renderTestPng, teamsMessage } from './testing/fixtures';
import { ProactiveTestAdapter } from './testing/proactive-test-adapter';

type Card = { body: { type: string; text?: string; rows?: { cells: { items: { text: string }[] }[] }[] }[] };

describe('a payments lookup in Teams (offline planner)', () => {
  let t: TestParley;
  let teams: TeamsChannel;
  beforeAll(async () => {
    t = await startTestParley({
      model: 'offline',
      env: { MicrosoftAppId: 'test-app-id', MicrosoftAppPassword: 'test-app-secret' },
      configure: (deps) => ({
        ...deps,
        channels: [(ctx) => (teams = createTeamsChannel({ renderChartPng: renderTestPng, streamIntervalMs: 60, typingIntervalMs: 50 })(ctx) as TeamsChannel)],
      }),
    });
    await bindTeamsTenant(t.parley.store.db.pool);
  }, 180_000);
  afterAll(async () => {
    await t?.destroy();
  });

  it('"disputes still open?" arrives as a card table of the open disputes, said to be the demo data', async () => {
    const adapter = new ProactiveTestAdapter();
    await adapter.processActivity(teamsMessage({ text: 'disputes still open?', conversationId: 'a:personal-lookups', conversationType: 'personal' }), (ctx) => teams.bot.run(ctx));
    await teams.bot.idle();

    const gold = await demoQuery<{ id: string }>(t, `SELECT 'dp_' || dispute_id AS id FROM demo.disputes WHERE status = 'open' ORDER BY created_at DESC`);
    const final = adapter.sent.map((s) => s.activity).at(-1)!;
    expect(final.text).toMatch(/demo data/);
    const cards = (final.attachments ?? []).map((a) => a.content as Card);
    const table = cards.flatMap((c) => c.body).find((b) => b.type === 'Table')!;
    expect(table).toBeDefined();
    const cells = table.rows!.map((r) => r.cells.map((c) => c.items[0].text));
    expect(cells[0].slice(0, 2)).toEqual(['id', 'created_at']);
    expect(cells.slice(1).map((r) => r[0])).toEqual(gold.slice(0, cells.length - 1).map((g) => g.id));
  });
});
