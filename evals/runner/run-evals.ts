import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import { createChatModel } from '../../agent/models/index';
import { createPromptRegistry, type PromptRegistry } from '../../prompts/registry';
import { createParley, type Parley } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { LOCAL_WORKSPACE_ID } from '../../server/identity';
import { openStore, type Store } from '../../server/store/store';
import { createDemoWarehouse, type DemoWarehouse } from '../../server/datasources/demo-warehouse';
import { createTools } from '../../tools/index';
import type { DataSourceHandle, ParleyTool } from '../../tools/types';
import { DATASOURCE_TYPES } from '../assertions/registry';
import type { Judge } from '../assertions/types';
import { startCassetteProxy, type CassetteProxy } from '../cassettes/cassette-proxy';
import { SuiteError } from '../suite/load-suite';
import type { LoadedCase, LoadedSuite } from '../suite/loaded';
import type { CaseResult, CaseStatus, EvalResults, RunSummary, Variant } from '../types';
import { createJudge } from './judge';
import { loadFixture } from './fixtures';
import { runCase } from './run-case';
import { caseVerdict } from '../verdict';

/** The clock suites see unless they set `now`: fixed, so prompts (and cassette keys) do not change daily. */
export const DEFAULT_EVAL_NOW = '2026-06-30T12:00:00Z';

export interface VariantSpec {
  /** A model name for Groq (or the OpenAI-compatible server), or `offline-planner`. */
  model?: string;
  /** Prompt versions by id, e.g. { 'agent-system': '2' }. */
  prompts?: Record<string, string>;
}

export interface RunEvalsOptions {
  suites: LoadedSuite[];
  base: VariantSpec;
  /** A second variant run on the same cases, side by side. */
  compare?: VariantSpec;
  mode: 'live' | 'record' | 'replay';
  repeat?: number;
  concurrency?: number;
  /** Only cases carrying one of these tags. */
  tags?: string[];
  cassetteDir: string;
  judgeModel?: string;
  /** The environment's configuration (GROQ_API_KEY, GROQ_BASE_URL, PARLEY_MODEL, PARLEY_EVAL_JUDGE_MODEL). */
  config: Config;
  log: Logger;
  /** Where the eval store lives: a Postgres URL, or a PGlite folder (a temporary one when both are absent). */
  databaseUrl?: string;
  dataDir?: string;
  prompts?: PromptRegistry;
  /** The tool registry; defaults to Parley's own. */
  tools?: () => ParleyTool[];
  cwd?: string;
  /** Called after each case, for progress output. */
  onResult?(r: CaseResult): void;
}

/** The runtime pins one prompt version: the agent's system prompt. */
const PINNABLE_PROMPTS = ['agent-system'];
const OFFLINE = 'offline-planner';
const evalsUser = (workspaceId: string) => `evals@${workspaceId}`;

function resolveVariant(id: string, spec: VariantSpec, o: RunEvalsOptions, prompts: PromptRegistry): Variant {
  const key = o.config.model.groqApiKey;
  const model = spec.model ?? (o.mode === 'live' && !key ? OFFLINE : o.config.model.model);
  const problems: string[] = [];
  if (model !== OFFLINE && o.mode !== 'replay' && !key) {
    problems.push(`--model ${model} needs GROQ_API_KEY (or use --replay with recorded cassettes, or --model ${OFFLINE})`);
  }
  const chosen: Record<string, string> = {};
  for (const [pid, version] of Object.entries(spec.prompts ?? {})) {
    if (!PINNABLE_PROMPTS.includes(pid)) {
      problems.push(`--prompt ${pid}@${version}: the runtime can pin only ${PINNABLE_PROMPTS.join(', ')}`);
      continue;
    }
    try {
      chosen[pid] = prompts.get(pid, version).version;
    } catch (e) {
      problems.push(`--prompt ${pid}@${version}: ${(e as Error).message}`);
    }
  }
  if (problems.length) throw new SuiteError(problems);
  for (const pid of PINNABLE_PROMPTS) chosen[pid] ??= prompts.get(pid).version;
  return { id, model, offline: model === OFFLINE, prompts: chosen };
}

function summarize(results: CaseResult[]): RunSummary {
  const verdicts = new Map<string, CaseStatus[]>();
  for (const r of results) verdicts.set(r.key, [...(verdicts.get(r.key) ?? []), r.status]);
  const s: RunSummary = { total: verdicts.size, passed: 0, failed: 0, errored: 0, skipped: 0, passRate: 1 };
  for (const statuses of verdicts.values()) {
    const v = caseVerdict(statuses);
    if (v === 'passed') s.passed++;
    else if (v === 'failed') s.failed++;
    else if (v === 'error') s.errored++;
    else s.skipped++;
  }
  const graded = s.total - s.skipped;
  s.passRate = graded ? s.passed / graded : 1;
  return s;
}


async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}

/**
 * Runs the suites through the real chat runtime in-process: one Parley per variant (and clock),
 * over one eval store; each case in its own conversation; model traffic through the cassette
 * proxy when recording or replaying.
 */
export async function runEvals(o: RunEvalsOptions): Promise<EvalResults> {
  const startedAt = new Date().toISOString();
  const prompts = o.prompts ?? createPromptRegistry();
  const variants = [resolveVariant('base', o.base, o, prompts)];
  if (o.compare) variants.push(resolveVariant('candidate', { model: o.compare.model ?? variants[0].model, prompts: { ...o.base.prompts, ...o.compare.prompts } }, o, prompts));
  const tools = (o.tools ?? createTools)();
  const toolNames = new Set(tools.map((t) => t.name));
  const selected = (s: LoadedSuite) => s.cases.filter((c) => !o.tags?.length || c.tags.some((t) => o.tags!.includes(t)));

  // Everything a suite needs is checked before any case runs.
  const problems: string[] = [];
  for (const s of o.suites.filter((x) => selected(x).length)) {
    const missing = s.requires.tools.filter((t) => !toolNames.has(t));
    if (missing.length) problems.push(`${s.locations.requires}: suite ${s.name} needs the tool${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not in the tool registry (have: ${[...toolNames].join(', ')})`);
  }
  if (problems.length) throw new SuiteError(problems);

  const tempDir = o.databaseUrl || o.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'parley-evals-'));
  let store: Store | undefined;
  let proxy: CassetteProxy | undefined;
  const parleys: Parley[] = [];
  // One demo warehouse for every Parley of the run: only one process may open its folder. It lives
  // beside the eval store's folder (a server store: in the configured data folder, built once).
  const demo: DemoWarehouse = createDemoWarehouse({ dir: join(o.dataDir ?? tempDir ?? o.config.dataDir, 'demo'), log: o.log, defaultTimeoutMs: o.config.env.SQL_STATEMENT_TIMEOUT_MS });
  try {
    store = await openStore({ databaseUrl: o.databaseUrl, dataDir: o.dataDir ?? tempDir! });
    // Fixtures by file, and by the datasource name the runtime is asked for.
    const fixtureFiles = new Map<string, DataSourceHandle>();
    const fixtures = new Map<string, DataSourceHandle>();
    for (const s of o.suites) {
      for (const c of selected(s)) {
        if (!c.fixture || fixtureFiles.has(c.fixture)) continue;
        try {
          const h = await loadFixture(store.db.pool, c.fixture, new Set(fixtures.keys()));
          fixtureFiles.set(c.fixture, h);
          fixtures.set(h.name, h);
        } catch (e) {
          problems.push(`${c.at}: ${(e as Error).message}`);
        }
      }
    }
    const fixtureName = (c: LoadedCase) => (c.fixture ? fixtureFiles.get(c.fixture)?.name : undefined);
    if (problems.length) throw new SuiteError(problems);

    if (o.mode !== 'live') {
      proxy = await startCassetteProxy({ mode: o.mode, dir: o.cassetteDir, upstream: o.config.model.groqBaseUrl, cwd: o.cwd });
    }
    const apiKey = o.config.model.groqApiKey ?? (o.mode === 'replay' ? 'replay-without-a-key' : undefined);
    const baseURL = proxy?.baseURL ?? o.config.model.groqBaseUrl;
    const maxRetries = o.mode === 'replay' ? 0 : o.config.model.maxRetries;
    const judgeModel = o.judgeModel ?? o.config.env.PARLEY_EVAL_JUDGE_MODEL;
    const judge: Judge | undefined = judgeModel && apiKey ? createJudge({ apiKey, baseURL, model: judgeModel, prompts, maxRetries }) : undefined;

    const byClock = new Map<string, Parley>();
    const parleyFor = (variant: Variant, now: string): Parley => {
      const k = `${variant.id}|${now}`;
      let p = byClock.get(k);
      if (p) return p;
      // The variant's model settings go in through the config, so everything Parley builds from
      // them (the agent's model, and any tool that calls a model itself) goes through the proxy.
      const config: Config = {
        ...o.config,
        model: variant.offline
          ? { ...o.config.model, groqApiKey: undefined, model: OFFLINE }
          : { ...o.config.model, groqApiKey: apiKey, groqBaseUrl: baseURL, model: variant.model, maxRetries },
      };
      const at = new Date(now);
      p = createParley({
        config,
        log: o.log,
        store: store!,
        demoWarehouse: demo,
        ...(o.tools ? { tools, model: createChatModel(config.model, tools) } : {}),
        prompts,
        // Cases run back to back as one user: they measure the agent, not the rate limits.
        rateLimits: 'off',
        runtimeOptions: {
          systemPromptVersion: variant.prompts['agent-system'],
          now: () => at,
          datasourceOverride: (ref) => (ref.datasource ? fixtures.get(ref.datasource) : undefined),
        },
      });
      byClock.set(k, p);
      parleys.push(p);
      return p;
    };

    // Each workspace a case runs in gets an evals user (the store requires conversations to have one).
    const workspaces = new Set(o.suites.flatMap((s) => selected(s).map((c) => c.workspace ?? LOCAL_WORKSPACE_ID)));
    for (const ws of workspaces) {
      await store.db.pool.query(`INSERT INTO workspaces (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING`, [ws]);
      await store.db.pool.query(`INSERT INTO users (id, workspace_id, display_name) VALUES ($1, $2, 'Evals') ON CONFLICT (id) DO NOTHING`, [evalsUser(ws), ws]);
    }

    // Datasources resolve before any case runs: a missing one is an error with its file:line.
    const datasources = new Map<LoadedCase, DataSourceHandle>();
    for (const s of o.suites) {
      for (const c of selected(s)) {
        const runtime = parleyFor(variants[0], s.now ?? DEFAULT_EVAL_NOW).runtime;
        const name = fixtureName(c) ?? c.datasource ?? null;
        try {
          datasources.set(c, await runtime.resolveDatasource({ workspaceId: c.workspace ?? LOCAL_WORKSPACE_ID, datasource: name }));
        } catch (e) {
          problems.push(`${c.at}: datasource "${name}" cannot be used: ${(e as Error).message}`);
        }
      }
    }
    if (problems.length) throw new SuiteError(problems);

    const jobs = o.suites.flatMap((s) =>
      selected(s).flatMap((c) => variants.flatMap((v) => Array.from({ length: o.repeat ?? 1 }, (_, i) => ({ s, c, v, attempt: i + 1 })))),
    );
    // A case's files are uploaded once per Parley and workspace, then attached to each case's conversation.
    const uploaded = new Map<string, Promise<string>>();
    const attach = (parley: Parley, c: LoadedCase) =>
      Promise.all(
        c.files.map(async (f) => {
          const workspaceId = c.workspace ?? LOCAL_WORKSPACE_ID;
          const k = `${parleys.indexOf(parley)}|${workspaceId}|${f}`;
          if (!uploaded.has(k)) uploaded.set(k, parley.uploads.add({ workspaceId, userId: evalsUser(workspaceId), name: basename(f), bytes: readFileSync(f) }).then((u) => u.id));
          return { uploadId: await uploaded.get(k)! };
        }),
      );
    const results: CaseResult[] = [];
    await pool(jobs, o.concurrency ?? 4, async ({ s, c, v, attempt }) => {
      const parley = parleyFor(v, s.now ?? DEFAULT_EVAL_NOW);
      const ds = datasources.get(c)!;
      const r = await runCase(s, c, {
        runtime: parley.runtime,
        offline: v.offline,
        datasource: fixtureName(c) ?? c.datasource,
        workspaceId: c.workspace ?? LOCAL_WORKSPACE_ID,
        userId: evalsUser(c.workspace ?? LOCAL_WORKSPACE_ID),
        env: { datasource: c.assertions.some((a) => DATASOURCE_TYPES.includes(a.type)) ? ds.sql : undefined, judge },
        attach: (cc) => attach(parley, cc),
        explainFailure: (cc) => {
          const miss = proxy?.misses.find((m) => m.userTexts.some((u) => cc.turns.includes(u)));
          return miss ? `missing cassette ${miss.file} (model ${miss.model}); record it with --record` : undefined;
        },
      }, v.id, attempt);
      results.push(r);
      o.onResult?.(r);
    });

    const order = new Map(jobs.map((j, i) => [`${j.v.id}|${j.s.name}/${j.c.id}|${j.attempt}`, i]));
    results.sort((a, b) => order.get(`${a.variant}|${a.key}|${a.attempt}`)! - order.get(`${b.variant}|${b.key}|${b.attempt}`)!);
    const summary = Object.fromEntries(variants.map((v) => [v.id, summarize(results.filter((r) => r.variant === v.id))]));
    const flaky: EvalResults['flaky'] = [];
    for (const v of variants) {
      const byKey = new Map<string, CaseStatus[]>();
      for (const r of results.filter((x) => x.variant === v.id)) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.status]);
      for (const [key, statuses] of byKey) if (new Set(statuses).size > 1) flaky.push({ variant: v.id, key, statuses });
    }
    return {
      format: 'parley-evals/1',
      startedAt,
      finishedAt: new Date().toISOString(),
      mode: o.mode,
      variants,
      suites: o.suites.map((s) => ({ name: s.name, file: s.file, cases: selected(s).length })),
      results,
      summary,
      flaky,
    };
  } finally {
    // Each Parley closes what it opened (its runtime, datasources); the shared store closes once, last.
    for (const p of parleys) await p.close().catch((e: unknown) => o.log.warn({ err: e }, 'closing an eval Parley failed'));
    await proxy?.close();
    await demo.close();
    await store?.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Exposed for loadConfig-free callers (tests): the configuration the evals read from the environment. */
export function evalConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(env);
}
