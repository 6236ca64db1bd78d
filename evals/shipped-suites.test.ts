import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freshDataDir, removeDir, STORE_BACKENDS } from '../server/testing/databases';
import { ASSERTION_TYPES } from './assertions/registry';
import { EXIT, runCli, SUITES_DIR } from './cli';
import { loadSuites } from './suite/load-suite';
import type { EvalResults } from './types';

/** The shipped suites CI runs offline (offline planner, no model): all of them. */
const RUN_IN_CI = ['schema.yaml', 'safety.yaml', 'sql-demo-warehouse.yaml', 'follow-ups.yaml', 'charts.yaml', 'forecast.yaml', 'files.yaml', 'campaigns.yaml', 'payments.yaml', 'social.yaml'];

const ROOT = join(import.meta.dirname, '..');
const shipped = readdirSync(SUITES_DIR).filter((f) => /\.ya?ml$/.test(f));

describe('shipped suites', () => {
  it('all load: valid YAML, known assertion types, fixtures present', () => {
    const suites = loadSuites(shipped.map((f) => join(SUITES_DIR, f)));
    expect(suites.length).toBe(shipped.length);
    const sql = suites.find((s) => s.name === 'sql-demo-warehouse')!;
    expect(sql.cases.length).toBeGreaterThanOrEqual(30);
    expect(sql.cases.every((c) => c.assertions.some((a) => a.type === 'sql-result-equals'))).toBe(true);
  });

  it('the README documents every registered assertion type', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Evals'));
    const documented = new Set([...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]));
    const missing = ASSERTION_TYPES.filter((t) => !documented.has(t) && !(t.startsWith('not-') && documented.has(t.slice(4))));
    expect(missing, 'add these to the assertion table in README.md').toEqual([]);
    expect([...documented].filter((t) => !ASSERTION_TYPES.includes(t)), 'the README lists types that do not exist').toEqual([]);
  });
});

describe.each(STORE_BACKENDS)('shipped offline suites through the CLI on %s', (backend) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it(`pass: ${RUN_IN_CI.join(', ')}`, async () => {
    const where: string[] = [];
    if (backend === 'postgres') {
      const db = await createTestDatabase();
      cleanup.push(db.drop);
      where.push('--database-url', db.url);
    } else {
      const dir = freshDataDir();
      cleanup.push(() => removeDir(dir));
      where.push('--data-dir', dir);
    }
    const out = freshDataDir();
    cleanup.push(() => removeDir(out));
    let stdout = '';
    let stderr = '';
    const code = await runCli([...RUN_IN_CI.map((f) => join(SUITES_DIR, f)), '--out', out, '--quiet', ...where], {
      cwd: ROOT,
      env: { LOG_LEVEL: 'silent' },
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as EvalResults;
    const notPassed = results.results.filter((r) => r.status !== 'passed').map((r) => `${r.key}: ${r.error ?? r.assertions.filter((a) => !a.pass).map((a) => a.reason).join('; ')}`);
    expect(notPassed, stdout + stderr).toEqual([]);
    expect(code).toBe(EXIT.ok);
    expect(results.results.length).toBeGreaterThanOrEqual(15);
    // ~85 cases through the real runtime: room for a loaded 2-core CI machine.
  }, 600_000);
});
