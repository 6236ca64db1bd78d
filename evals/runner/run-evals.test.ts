import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { OFFLINE_NOTICE } from '../../agent/models/index';
import { startMockModelServer, type MockModelServer, type RecordedRequest } from '../../agent/testing/mock-model-server';
import { createPromptRegistry, PROMPTS_DIR } from '../../prompts/registry';
import { loadConfig } from '../../server/config';
import { createTestDatabase, freshDataDir, removeDir, STORE_BACKENDS } from '../../server/testing/databases';
import { cassetteKey } from '../cassettes/cassette-key';
import { loadSuites } from '../suite/load-suite';
import { runEvals, type RunEvalsOptions } from './run-evals';

const SHOP = join(import.meta.dirname, '..', 'fixtures', 'shop.sql');
const log = pino({ level: 'silent' });

/** A model that reads the data before answering, as a real one would: describe_data, then a summary of what came back. */
function dataReader(req: RecordedRequest) {
  const last = req.body.messages.at(-1)!;
  const system = req.body.messages[0]?.content ?? '';
  if (last.role === 'user') return { toolCalls: [{ name: 'describe_data', args: /order/i.test(last.content ?? '') ? { table: 'orders' } : {} }] };
  const content = JSON.parse(last.content ?? '{}').content as { tables: { table: string }[] };
  const names = content.tables.map((t) => t.table).join(', ');
  return { text: system.includes('Answer in one word.') ? 'Tables.' : `You can ask about these tables: ${names}.`, usage: { prompt_tokens: 100, completion_tokens: 12 } };
}

function suiteDir(yaml: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'evals-run-'));
  cpSync(SHOP, join(dir, 'shop.sql'));
  writeFileSync(join(dir, 'tables.yaml'), yaml);
  return { dir, file: join(dir, 'tables.yaml') };
}

const SUITE = `suite: tables
fixture: shop.sql
cases:
  - id: list-tables
    question: Which tables can I ask about?
    assert:
      - type: tool-called
        name: describe_data
      - type: contains
        value: orders, products, regions
      - type: no-error
        tools: true
  - id: follow-up
    turns: [Which tables can I ask about?, And what is in the order table?]
    assert:
      - type: tool-called
        name: describe_data
        args: { table: orders }
      - type: tool-sequence
        sequence: [describe_data, describe_data]
      - type: not-contains
        value: products
      # A budget for two turns of the mock model: the system prompt (agent-system@2, which tells
      # the model about files and databases) is most of it.
      - type: tokens
        max: 2000
`;

describe.each(STORE_BACKENDS)('runEvals on %s', (backend) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  async function storeOpts(): Promise<Pick<RunEvalsOptions, 'dataDir' | 'databaseUrl'>> {
    if (backend === 'postgres') {
      const db = await createTestDatabase();
      cleanup.push(db.drop);
      return { databaseUrl: db.url };
    }
    const dataDir = freshDataDir();
    cleanup.push(() => removeDir(dataDir));
    return { dataDir };
  }

  async function mockModel(): Promise<MockModelServer> {
    const mock = await startMockModelServer();
    cleanup.push(() => mock.close());
    mock.setFallback(dataReader);
    return mock;
  }

  const configFor = (mock?: MockModelServer) =>
    loadConfig({ GROQ_API_KEY: mock ? 'test-key' : undefined, GROQ_BASE_URL: mock?.baseURL, PARLEY_MODEL: 'mock-model', LOG_LEVEL: 'silent' });

  it('records a multi-turn suite against the model once, then replays it offline with the same results', async () => {
    const mock = await mockModel();
    const { dir, file } = suiteDir(SUITE);
    const cassetteDir = join(dir, 'cassettes');
    const suites = loadSuites([file], { cwd: dir });
    const recorded = await runEvals({ suites, base: {}, mode: 'record', cassetteDir, config: configFor(mock), log, cwd: dir, ...(await storeOpts()) });
    expect(recorded.results.map((r) => [r.key, r.status, r.assertions.filter((a) => !a.pass).map((a) => a.reason)])).toEqual([
      ['tables/list-tables', 'passed', []],
      ['tables/follow-up', 'passed', []],
    ]);
    const followUp = recorded.results[1];
    expect(followUp.transcript.map((t) => t.toolCalls.map((c) => [c.name, c.input]))).toEqual([[['describe_data', {}]], [['describe_data', { table: 'orders' }]]]);
    expect(followUp.transcript[1].text).toBe('You can ask about these tables: orders.');
    // Both turns ran in one conversation: the second request carries the first answer.
    const second = mock.requests.find((r) => r.body.messages.some((m) => m.content === 'And what is in the order table?'))!;
    expect(second.body.messages.some((m) => m.content === 'You can ask about these tables: orders, products, regions.')).toBe(true);
    expect(followUp.tokens.totalTokens).toBeGreaterThan(0);
    const cassettes = readdirSync(cassetteDir);
    // Identical requests (both cases open with the same question) share one cassette.
    expect(cassettes.sort()).toEqual([...new Set(mock.requests.map((r) => `${cassetteKey(r.body)}.json`))].sort());
    expect(cassettes.length).toBeLessThan(mock.requests.length);
    for (const c of cassettes) expect(readFileSync(join(cassetteDir, c), 'utf8')).not.toContain('test-key');

    const requestsBefore = mock.requests.length;
    const replayed = await runEvals({ suites, base: { model: 'mock-model' }, mode: 'replay', cassetteDir, config: configFor(), log, cwd: dir, ...(await storeOpts()) });
    expect(mock.requests.length).toBe(requestsBefore);
    expect(replayed.results.map((r) => [r.key, r.status])).toEqual(recorded.results.map((r) => [r.key, r.status]));
    expect(replayed.results.map((r) => r.transcript.map((t) => t.text))).toEqual(recorded.results.map((r) => r.transcript.map((t) => t.text)));
    expect(replayed.mode).toBe('replay');

    // A case whose requests were never recorded fails on its own and names the cassette.
    const changed = suiteDir(SUITE.replace('Which tables can I ask about?\n', 'Which tables are there?\n'));
    const partial = await runEvals({
      suites: loadSuites([changed.file], { cwd: changed.dir }),
      base: { model: 'mock-model' },
      mode: 'replay',
      cassetteDir,
      config: configFor(),
      log,
      cwd: dir,
      ...(await storeOpts()),
    });
    expect(partial.results[0]).toMatchObject({ key: 'tables/list-tables', status: 'error', error: expect.stringMatching(/^missing cassette cassettes\/[0-9a-f]{32}\.json \(model mock-model\); record it with --record$/) });
    expect(partial.results[1].status).toBe('passed');
    expect(partial.summary.base).toMatchObject({ total: 2, passed: 1, errored: 1, passRate: 0.5 });
  });

  it('compares two prompt versions side by side on the same cases', async () => {
    const mock = await mockModel();
    const promptsDir = mkdtempSync(join(tmpdir(), 'prompts-'));
    cpSync(PROMPTS_DIR, promptsDir, { recursive: true, filter: (p) => !p.endsWith('.ts') });
    const v1 = readFileSync(join(PROMPTS_DIR, 'agent-system', '1.md'), 'utf8');
    mkdirSync(join(promptsDir, 'agent-system'), { recursive: true });
    writeFileSync(join(promptsDir, 'agent-system', '2.md'), v1.replace('version: "1"', 'version: "2"').replace('Keep answers short', 'Answer in one word. Keep answers short'));
    const { dir, file } = suiteDir(SUITE);
    const results = await runEvals({
      suites: loadSuites([file], { cwd: dir }),
      base: { prompts: { 'agent-system': '1' } },
      compare: { prompts: { 'agent-system': '2' } },
      mode: 'live',
      cassetteDir: join(dir, 'cassettes'),
      config: configFor(mock),
      prompts: createPromptRegistry(promptsDir),
      log,
      cwd: dir,
      concurrency: 2,
      ...(await storeOpts()),
    });
    expect(results.variants.map((v) => [v.id, v.model, v.prompts['agent-system']])).toEqual([
      ['base', 'mock-model', '1'],
      ['candidate', 'mock-model', '2'],
    ]);
    const byVariant = (v: string) => results.results.filter((r) => r.variant === v).map((r) => [r.key, r.status]);
    expect(byVariant('base')).toEqual([['tables/list-tables', 'passed'], ['tables/follow-up', 'passed']]);
    expect(byVariant('candidate')).toEqual([['tables/list-tables', 'failed'], ['tables/follow-up', 'passed']]);
    expect(results.results.find((r) => r.variant === 'candidate')!.transcript[0].prompts).toEqual({ 'agent-system': '2' });
    expect(results.summary.candidate.passRate).toBe(0.5);
  });

  it('repeats cases and reports the ones whose outcome varies', async () => {
    const mock = await startMockModelServer();
    cleanup.push(() => mock.close());
    let n = 0;
    mock.setFallback(() => ({ text: ++n % 2 ? 'Revenue rose.' : 'I am not sure.' }));
    const { dir, file } = suiteDir(`suite: flaky
cases:
  - id: coin
    question: How did revenue do?
    assert: [{ type: icontains, value: revenue }]
  - id: steady
    question: Say anything
    assert: [{ type: no-error }]
`);
    const results = await runEvals({
      suites: loadSuites([file], { cwd: dir }),
      base: {},
      mode: 'live',
      repeat: 4,
      concurrency: 1,
      cassetteDir: join(dir, 'c'),
      config: configFor(mock),
      log,
      cwd: dir,
      ...(await storeOpts()),
    });
    expect(results.results).toHaveLength(8);
    expect(results.flaky).toEqual([{ variant: 'base', key: 'flaky/coin', statuses: ['passed', 'failed', 'passed', 'failed'] }]);
    expect(results.summary.base).toMatchObject({ total: 2, passed: 1, failed: 1 });
  });

  it('grades llm-rubric with the judge model when one is configured, through the same model path', async () => {
    const mock = await startMockModelServer();
    cleanup.push(() => mock.close());
    mock.setFallback((req) =>
      req.body.model === 'judge-model'
        ? { text: req.body.messages.some((m) => m.content?.includes('orders, products, regions')) ? '{"pass": true, "score": 1, "reason": "lists the tables"}' : '{"pass": false, "score": 0, "reason": "no tables"}' }
        : dataReader(req),
    );
    const { dir, file } = suiteDir(`suite: judged
fixture: shop.sql
cases:
  - id: tables
    question: Which tables can I ask about?
    assert: [{ type: llm-rubric, rubric: lists every table }]
`);
    const results = await runEvals({
      suites: loadSuites([file], { cwd: dir }),
      base: {},
      mode: 'live',
      judgeModel: 'judge-model',
      cassetteDir: join(dir, 'c'),
      config: configFor(mock),
      log,
      cwd: dir,
      ...(await storeOpts()),
    });
    expect(results.results[0]).toMatchObject({ status: 'passed', assertions: [{ type: 'llm-rubric', pass: true, reason: 'judge: lists the tables' }] });
    expect(mock.requests.filter((r) => r.body.model === 'judge-model')).toHaveLength(1);
  });

  it('does not credit the model with an answer the offline planner gave in its place', async () => {
    const mock = await startMockModelServer();
    cleanup.push(() => mock.close());
    // What a run looks like after Parley fell back to the offline planner (the model unreachable).
    mock.setFallback({ text: `${OFFLINE_NOTICE}\n\nI could not match that.` });
    const { dir, file } = suiteDir(`suite: fallback
cases:
  - id: a
    question: hello
    assert: [{ type: no-error }]
`);
    const results = await runEvals({ suites: loadSuites([file], { cwd: dir }), base: {}, mode: 'live', cassetteDir: join(dir, 'c'), config: configFor(mock), log, cwd: dir, ...(await storeOpts()) });
    expect(results.results[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/the offline planner answered instead/) });
  });

  it('reports a suite needing a tool the registry lacks before any case runs', async () => {
    const mock = await mockModel();
    const { dir, file } = suiteDir(`suite: needs-sql
requires: { tools: [forecast_sales, describe_data] }
cases:
  - id: a
    question: revenue?
    assert: [{ type: no-error }]
`);
    await expect(
      runEvals({ suites: loadSuites([file], { cwd: dir }), base: {}, mode: 'live', cassetteDir: dir, config: configFor(mock), log, cwd: dir, ...(await storeOpts()) }),
    ).rejects.toThrow(/tables\.yaml:2: suite needs-sql needs the tool forecast_sales, which is not in the tool registry/);
    expect(mock.requests).toHaveLength(0);
    // A suite that --tag leaves out needs nothing.
    const none = await runEvals({ suites: loadSuites([file], { cwd: dir }), base: {}, mode: 'live', tags: ['other'], cassetteDir: dir, config: configFor(mock), log, cwd: dir, ...(await storeOpts()) });
    expect(none.results).toEqual([]);
  });
});
