import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDataDir, removeDir } from '../server/testing/databases';
import { EXIT, runCli } from './cli';
import type { EvalResults } from './types';

const ROOT = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'evals-cli-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'evals', 'fixtures', 'shop.sql'), join(dir, 'shop.sql'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const dataDir = freshDataDir();
  dirs.push(dataDir);
  // No GROQ_API_KEY: the offline planner answers, as on a laptop without a model.
  const code = await runCli([...args, '--data-dir', dataDir], { cwd, env: { LOG_LEVEL: 'silent' }, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const suite = (marker: string) => `suite: smoke
fixture: shop.sql
cases:
  - id: what-data
    tags: [schema]
    question: What data can I ask about?
    assert:
      - type: tool-called
        name: describe_data
      - type: icontains
        value: ${marker}
  - id: unmatched
    question: Tell me a joke
    assert:
      - type: not-tool-called
        name: describe_data
      - type: icontains
        value: could not match
`;

describe('evals CLI', () => {
  it('runs suites through the runtime and writes results JSON, JUnit XML and an HTML report', async () => {
    const dir = workspace({ 'smoke.yaml': suite('orders') });
    const r = await cli(['smoke.yaml', '--out', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/✓ smoke\/what-data/);
    expect(r.stdout).toMatch(/base \(offline-planner, agent-system@[\d.]+\): 2\/2 passed \(100\.0%\)/);
    const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as EvalResults;
    expect(results.results.map((x) => [x.key, x.status])).toEqual([['smoke/what-data', 'passed'], ['smoke/unmatched', 'passed']]);
    const junit = readFileSync(join(dir, 'out', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite name="smoke" tests="2" failures="0" errors="0" skipped="0"/);
    expect(junit).toMatch(/<testcase classname="smoke" name="what-data"/);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('<input id="q" type="search"');
    expect(html).toContain('smoke/what-data');
    expect(html).toContain('What data can I ask about?');
    expect(html).toContain('<b>describe_data</b>');
    expect(html).not.toMatch(/<script src=|<link /);
  });

  it('with --tag runs only the tagged cases', async () => {
    const dir = workspace({ 'smoke.yaml': suite('orders') });
    const r = await cli(['smoke.yaml', '--tag', 'schema', '--out', 'out'], dir);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/1\/1 passed/);
    expect(r.stdout).not.toContain('smoke/unmatched');
  });

  it('exits 1 when a case that passed in the baseline fails now, and says which', async () => {
    const dir = workspace({ 'good.yaml': suite('orders'), 'worse.yaml': suite('invoices') });
    expect((await cli(['good.yaml', '--out', 'base'], dir)).code).toBe(EXIT.ok);
    const r = await cli(['worse.yaml', '--baseline', 'base/results.json', '--out', 'now'], dir);
    expect(r.code).toBe(EXIT.gateFailed);
    expect(r.stdout).toMatch(/✗ smoke\/what-data .*icontains: the last turn does not contain "invoices"/);
    expect(r.stdout).toContain('GATE: regression: smoke/what-data passed in the baseline and is failed now');
    expect(r.stdout).toContain('against the baseline: 1 regressed, 0 fixed, 0 new');
    const html = readFileSync(join(dir, 'now', 'report.html'), 'utf8');
    expect(html).toMatch(/passed → failed <b>regressed<\/b>/);

    // A case that already failed in the baseline is no regression; the threshold still applies.
    const again = await cli(['worse.yaml', '--baseline', 'now/results.json', '--out', 'again'], dir);
    expect(again.code).toBe(EXIT.ok);
    const strict = await cli(['worse.yaml', '--baseline', 'now/results.json', '--threshold', '0.9', '--out', 'strict'], dir);
    expect(strict.code).toBe(EXIT.gateFailed);
    expect(strict.stdout).toContain('GATE: pass rate 50.0% is below the threshold 90.0%');
  });

  it.each([
    ['an unknown assertion type', ['bad.yaml'], /bad\.yaml:10: unknown assertion type "contain"; expected one of equals, not-equals/],
    ['--record with --replay', ['good.yaml', '--record', '--replay'], /exclude each other/],
    ['a threshold above 1', ['good.yaml', '--threshold', '95'], /--threshold 95: expected a pass rate between 0 and 1/],
    ['a baseline that is not a results file', ['good.yaml', '--baseline', 'good.yaml'], /cannot read results from .*good\.yaml/],
    ['a malformed --prompt', ['good.yaml', '--prompt', 'agent-system'], /expected ID@VERSION/],
    ['an unknown prompt version', ['good.yaml', '--prompt', 'agent-system@99'], /unknown version 99 of prompt 'agent-system'/],
    ['a model without a key', ['good.yaml', '--model', 'llama-3.3-70b-versatile'], /needs GROQ_API_KEY/],
    ['an unknown option', ['good.yaml', '--repaet', '3'], /Unknown option '--repaet'/],
    ['a missing suite file', ['nope.yaml'], /no such suite file or folder: nope\.yaml/],
  ])('exits 2 on %s, before any case runs', async (_, args, message) => {
    const dir = workspace({ 'good.yaml': suite('orders'), 'bad.yaml': suite('orders').replace('type: icontains', 'type: contain') });
    const r = await cli(args, dir);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('exits 3, not 1, when the evals themselves crash (the eval store cannot be reached)', async () => {
    const dir = workspace({ 'good.yaml': suite('orders') });
    const r = await cli(['good.yaml', '--database-url', 'postgres://127.0.0.1:1/none'], dir);
    expect(r.code).toBe(EXIT.crashed);
    expect(r.stderr).toMatch(/the evals crashed: .*cannot connect to DATABASE_URL/);
  });

  it('as a process (npm run evals) exits 2 on a bad suite', async () => {
    const dir = workspace({ 'bad.yaml': 'cases: [' });
    const run = promisify(execFile);
    const err = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'evals', 'cli.ts'), 'bad.yaml'], { cwd: dir, env: { ...process.env, GROQ_API_KEY: '' } }).catch((e) => e);
    expect(err.code).toBe(EXIT.badInput);
    expect(err.stderr).toMatch(/bad\.yaml:1: malformed YAML/);
  });
});
