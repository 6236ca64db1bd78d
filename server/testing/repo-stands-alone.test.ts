import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { machinePathsIn } from './repo-paths';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every tracked file's path, from git (the clone a new user gets is exactly these). */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean);
}

/**
 * Hits that are not a reference to this machine, each with why. Keep it short: a path the code
 * reads belongs in the repository.
 */
/** `/a/b/` from its parts, so this file does not contain the paths it looks for. */
const abs = (...parts: string[]) => ['', ...parts, ''].join('/');

const ALLOWED: { file: string; match: string; why: string }[] = [
  { file: 'tools/sql/sql-guard.test.ts', match: abs('tmp'), why: 'a server file path inside SQL the guard must refuse (lo_export); nothing reads it' },
];

describe('a fresh clone stands on its own', () => {
  it('no tracked file reads the shared folder beside the checkout or names a path of one machine', () => {
    const found: string[] = [];
    for (const file of trackedFiles()) {
      // package-lock.json only holds registry URLs and hashes; it is large and says nothing of this machine.
      if (file === 'package-lock.json') continue;
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue; // deleted in the working tree but not yet in the index
      }
      if (text.includes('\0')) continue; // binary
      for (const hit of machinePathsIn(text)) {
        if (ALLOWED.some((a) => a.file === file && a.match === hit.match)) continue;
        found.push(`${file}:${hit.line}: ${hit.match}`);
      }
    }
    expect(found, 'paths outside the repository (data belongs in evals/datasets, found from import.meta.url)').toEqual([]);
  });
});

describe('machinePathsIn', () => {
  const up = ['..', 'shared'].join('/');
  const w = abs('work');
  it.each([
    [`readFileSync('${up}/data/files/tips.csv')`, `${up}/`],
    [`const DIR = '${w}shared/data/sql/defog';`, w],
    [`cd ${abs('farm')}x`, abs('farm')],
    [`HOME=${abs('home', 'alice')}`, abs('home', 'alice')],
    [`cat ${abs('root')}.npmrc`, abs('root')],
    [`out=${abs('tmp')}parley-ci`, abs('tmp')],
  ])('finds %s', (text, match) => {
    expect(machinePathsIn(text).map((h) => h.match)).toEqual([match]);
  });

  it.each([
    ['a system location to look in', "'/usr/bin/chromium'"],
    ['a URL path', 'https://github.com/vega/vega-datasets/tree/main/data'],
    ['a relative path inside the repo', "new URL('../../evals/datasets', import.meta.url)"],
    ['a word, not a path', 'the shared store closes once; home team in shared channels'],
    ['HOME fallback without a trailing folder', "process.env.HOME ?? '/root'"],
  ])('leaves alone %s', (_what, text) => {
    expect(machinePathsIn(text)).toEqual([]);
  });

  it('reports the line number', () => {
    expect(machinePathsIn(`one\ntwo ${abs('tmp')}x\n`)).toEqual([{ line: 2, match: abs('tmp') }]);
  });
});
