import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requirementsReport } from '../testing/requirements';
import { findChromium } from './find-chromium';

describe('findChromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-find-chromium-'));
  const fake = join(dir, 'chromium');
  writeFileSync(fake, '');
  const nowhere = join(dir, 'not-here', 'chromium');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is not found when CHROMIUM_PATH names a missing file and no system location has one, and says how to fix it', () => {
    const r = findChromium({ env: { CHROMIUM_PATH: nowhere }, candidates: [join(dir, 'usr-bin-chromium')] });
    expect(r.path).toBeNull();
    expect(r.path === null && r.reason).toBe(`CHROMIUM_PATH=${nowhere} does not exist; install Chromium (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH=/path/to/chromium`);
  });

  it('is not found without CHROMIUM_PATH when no candidate exists, naming where it looked', () => {
    const r = findChromium({ env: {}, candidates: [nowhere, join(dir, 'also-not-here')] });
    expect(r.path).toBeNull();
    expect(r.path === null && r.reason).toContain(`looked in ${nowhere}, ${join(dir, 'also-not-here')}`);
    expect(r.path === null && r.reason).toContain('apt-get install chromium');
  });

  it.each([
    ['CHROMIUM_PATH when it exists, before any system location', { CHROMIUM_PATH: fake }, [nowhere], fake],
    ['the first system location that exists', {}, [nowhere, fake], fake],
    ['a system location when CHROMIUM_PATH is blank', { CHROMIUM_PATH: ' ' }, [fake], fake],
  ])('finds %s', (_what, env, candidates, want) => {
    expect(findChromium({ env, candidates })).toEqual({ path: want });
  });

  it('does not fall back to a system browser when CHROMIUM_PATH is wrong (the setting is the mistake to report)', () => {
    expect(findChromium({ env: { CHROMIUM_PATH: nowhere }, candidates: [fake] }).path).toBeNull();
  });
});

describe('requirementsReport', () => {
  const missing = [{ name: 'browser tests', missing: 'no Chromium found; apt-get install chromium' }, { name: 'chart image tests', missing: null }];

  it('says once what is skipped and how to enable it', () => {
    expect(requirementsReport({}, missing)).toEqual(['browser tests: skipped (no Chromium found; apt-get install chromium)']);
  });

  it('fails under CI=true with the one-line reason', () => {
    expect(() => requirementsReport({ CI: 'true' }, missing)).toThrow('CI=true and the machine lacks what tests need: browser tests: no Chromium found; apt-get install chromium');
  });

  it('says nothing when everything is there', () => {
    expect(requirementsReport({ CI: 'true' }, [{ name: 'browser tests', missing: null }])).toEqual([]);
  });
});
