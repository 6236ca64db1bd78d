import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tightenTree } from './private-files';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('tightenTree', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('makes folders 0700 and files owner-only, keeping the owner\'s bits, and leaves a symlink\'s target alone', () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-modes-'));
    const outside = mkdtempSync(join(tmpdir(), 'parley-outside-'));
    dirs.push(root, outside);
    mkdirSync(join(root, 'base', '1'), { recursive: true, mode: 0o755 });
    chmodSync(root, 0o755);
    writeFileSync(join(root, 'base', '1', 'rel'), 'x', { mode: 0o644 });
    writeFileSync(join(root, 'run.sh'), 'x', { mode: 0o755 });
    writeFileSync(join(outside, 'theirs'), 'x', { mode: 0o644 });
    symlinkSync(join(outside, 'theirs'), join(root, 'link'));
    tightenTree(root);
    expect([mode(root), mode(join(root, 'base')), mode(join(root, 'base', '1'))]).toEqual([0o700, 0o700, 0o700]);
    expect([mode(join(root, 'base', '1', 'rel')), mode(join(root, 'run.sh'))]).toEqual([0o600, 0o700]);
    expect(mode(join(outside, 'theirs'))).toBe(0o644);
  });
});
