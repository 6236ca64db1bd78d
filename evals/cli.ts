import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig } from '../server/config';
import { diffBaseline, gate } from './report/baseline';
import { compareVariants } from './report/compare';
import { toHtml } from './report/html';
import { toJUnit } from './report/junit';
import { readResults } from './report/results-file';
import { runEvals, type VariantSpec } from './runner/run-evals';
import { loadSuites, SuiteError } from './suite/load-suite';
import type { CaseResult, EvalResults } from './types';

const EVALS_DIR = dirname(fileURLToPath(import.meta.url));
export const SUITES_DIR = join(EVALS_DIR, 'suites');
export const CASSETTES_DIR = join(EVALS_DIR, 'cassettes');

/** Exit codes: a failed gate is 1; bad input and crashes are distinct, so CI can tell them apart. */
export const EXIT = { ok: 0, gateFailed: 1, badInput: 2, crashed: 3 } as const;

export const USAGE = `Usage: npm run evals -- [suite files or folders…] [options]

With no suite files, runs every suite under evals/suites/.

  --model NAME           model to run (PARLEY_MODEL by default; "offline-planner" for no LLM)
  --prompt ID@VERSION    pin a prompt version (repeatable), e.g. agent-system@2
  --compare X            also run a candidate side by side: ID@VERSION (a prompt) or a model name
  --repeat N             run every case N times and report flaky cases
  --record               call the model (GROQ_API_KEY) and store every exchange as a cassette
  --replay               answer model calls only from cassettes; a missing one fails its case
  --cassettes DIR        where cassettes live (default evals/cassettes)
  --baseline FILE        results.json of a good run: exit 1 when a case that passed there fails now
  --threshold RATE       exit 1 when the pass rate (0–1) falls below RATE
  --tag TAG              only cases with this tag (repeatable)
  --concurrency N        cases run at once (default 4)
  --judge-model NAME     judge for llm-rubric (PARLEY_EVAL_JUDGE_MODEL by default)
  --out DIR              where results.json, junit.xml and report.html go (default eval-results)
  --data-dir DIR         PGlite folder for the eval store (default: a temporary one)
  --database-url URL     a Postgres server database for the eval store instead
  --quiet                print only the summary
  -h, --help             this text

Exit codes: 0 passed, 1 regression or failures (the gate), 2 bad input (suites, options), 3 crash.`;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

class UsageError extends Error {}

function suiteFiles(paths: string[], cwd: string): string[] {
  const found: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) throw new UsageError(`no such suite file or folder: ${relative(cwd, p) || p}`);
    if (st.isDirectory()) {
      for (const n of readdirSync(p).sort()) {
        const child = join(p, n);
        if (statSync(child).isDirectory() || /\.ya?ml$/i.test(n)) walk(child);
      }
    } else found.push(p);
  };
  for (const p of paths.length ? paths : [SUITES_DIR]) walk(resolve(cwd, p));
  if (!found.length) throw new UsageError('no suite files found (expected .yaml files)');
  return found;
}

function parsePromptPin(v: string, flag: string): [string, string] {
  const m = /^([\w.-]+)@([\w.-]+)$/.exec(v);
  if (!m) throw new UsageError(`${flag} ${v}: expected ID@VERSION, e.g. agent-system@2`);
  return [m[1], m[2]];
}

function positiveInt(v: string | undefined, flag: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} ${v}: expected a whole number of at least 1`);
  return n;
}

function caseLine(r: CaseResult, variants: number): string {
  const mark = { passed: '✓', failed: '✗', error: '!', skipped: '-' }[r.status];
  const where = `${r.key}${variants > 1 ? ` [${r.variant}]` : ''}${r.attempt > 1 ? ` #${r.attempt}` : ''}`;
  const why =
    r.status === 'error'
      ? ` — ${r.error}`
      : r.status === 'failed'
        ? ` — ${r.assertions.filter((a) => !a.pass && !a.skipped).map((a) => `${a.type}: ${a.reason}`).join('; ')}`
        : r.status === 'skipped'
          ? ` — ${r.assertions.find((a) => a.skipped)?.reason ?? 'skipped'}`
          : '';
  return `${mark} ${where} (${Math.round(r.latencyMs)} ms)${why}`;
}

/** The CLI, callable in-process (tests) or from `npm run evals`; resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const env = io.env ?? process.env;
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        prompt: { type: 'string', multiple: true },
        compare: { type: 'string' },
        repeat: { type: 'string' },
        record: { type: 'boolean' },
        replay: { type: 'boolean' },
        cassettes: { type: 'string' },
        baseline: { type: 'string' },
        threshold: { type: 'string' },
        tag: { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        'judge-model': { type: 'string' },
        out: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${USAGE}\n`);
    return EXIT.badInput;
  }
  const v = args.values;
  if (v.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  try {
    if (v.record && v.replay) throw new UsageError('--record and --replay exclude each other: record once, then replay');
    const threshold = v.threshold === undefined ? undefined : Number(v.threshold);
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new UsageError(`--threshold ${v.threshold}: expected a pass rate between 0 and 1, e.g. 0.95`);
    const base: VariantSpec = { model: v.model, prompts: Object.fromEntries((v.prompt ?? []).map((p) => parsePromptPin(p, '--prompt'))) };
    let compare: VariantSpec | undefined;
    if (v.compare) compare = v.compare.includes('@') ? { prompts: Object.fromEntries([parsePromptPin(v.compare, '--compare')]) } : { model: v.compare };
    const repeat = positiveInt(v.repeat, '--repeat', 1);
    const concurrency = positiveInt(v.concurrency, '--concurrency', 4);
    const baseline = v.baseline ? readResults(resolve(cwd, v.baseline)) : undefined;
    const config = loadConfig(env);
    const suites = loadSuites(suiteFiles(args.positionals, cwd), { cwd });
    const log = pino({ level: env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
    const mode = v.record ? 'record' : v.replay ? 'replay' : 'live';
    const results: EvalResults = await runEvals({
      suites,
      base,
      compare,
      mode,
      repeat,
      concurrency,
      tags: v.tag,
      cassetteDir: v.cassettes ? resolve(cwd, v.cassettes) : CASSETTES_DIR,
      judgeModel: v['judge-model'],
      config,
      log,
      dataDir: v['data-dir'] ? resolve(cwd, v['data-dir']) : undefined,
      databaseUrl: v['database-url'],
      cwd,
      onResult: v.quiet ? undefined : (r) => io.stdout(`${caseLine(r, compare ? 2 : 1)}\n`),
    });

    const outcome = gate(results, { baseline, threshold });
    const changes = baseline ? diffBaseline(results, baseline) : undefined;
    const comparison = compareVariants(results);
    const out = resolve(cwd, v.out ?? 'eval-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
    writeFileSync(join(out, 'junit.xml'), toJUnit(results));
    writeFileSync(join(out, 'report.html'), toHtml(results, { baseline: changes, comparison, gateReasons: outcome.reasons }));

    const lines: string[] = [''];
    for (const variant of results.variants) {
      const s = results.summary[variant.id];
      const prompts = Object.entries(variant.prompts).map(([k, x]) => `${k}@${x}`).join(' ');
      lines.push(`${variant.id} (${variant.model}, ${prompts}): ${s.passed}/${s.total - s.skipped} passed (${(s.passRate * 100).toFixed(1)}%), ${s.failed} failed, ${s.errored} errors, ${s.skipped} skipped`);
    }
    if (comparison.length) {
      lines.push('', 'case | base | candidate | Δscore | Δlatency ms | Δtokens');
      for (const c of comparison) {
        lines.push(`${c.changed ? '* ' : ''}${c.key} | ${c.base.status} | ${c.candidate.status} | ${c.scoreDelta.toFixed(2)} | ${Math.round(c.latencyDelta)} | ${Math.round(c.tokenDelta)}`);
      }
    }
    for (const f of results.flaky) lines.push(`flaky: ${f.key} [${f.variant}]: ${f.statuses.join(', ')}`);
    if (changes) {
      const fixed = changes.filter((c) => c.change === 'fixed').length;
      lines.push(`against the baseline: ${outcome.regressions.length} regressed, ${fixed} fixed, ${changes.filter((c) => c.change === 'new').length} new`);
    }
    for (const r of outcome.reasons) lines.push(`GATE: ${r}`);
    lines.push(`reports: ${relative(cwd, join(out, 'results.json'))}, ${relative(cwd, join(out, 'junit.xml'))}, ${relative(cwd, join(out, 'report.html'))}`);
    io.stdout(`${lines.join('\n')}\n`);
    return outcome.ok ? EXIT.ok : EXIT.gateFailed;
  } catch (e) {
    if (e instanceof SuiteError || e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`${e.message}\n`);
      return EXIT.badInput;
    }
    if (e instanceof Error && /results from|not a Parley evals results file/.test(e.message)) {
      io.stderr(`${e.message}\n`);
      return EXIT.badInput;
    }
    io.stderr(`the evals crashed: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.crashed;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runCli(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`the evals crashed: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(EXIT.crashed);
    },
  );
}
