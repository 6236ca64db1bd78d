import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, parseArgs, readLongCsv, runCli } from './cli';

describe('forecast CLI', () => {
  it('forecasts every series of a long CSV, with dates or indices, one row per step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const rows = ['series_id,t,value'];
    for (let t = 1; t <= 24; t++) rows.push(`north,${t},${100 + 2 * t + (t % 4 === 0 ? 15 : 0)}`);
    for (let mth = 1; mth <= 12; mth++) rows.push(`south,2024-${String(mth).padStart(2, '0')}-01,${50 + mth}`);
    writeFileSync(join(dir, 'in.csv'), rows.join('\n'));
    runCli(['--in', join(dir, 'in.csv'), '--horizon', '4', '--period', '4', '--level', '90', '--out', join(dir, 'out.csv')]);
    const out = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(out[0]).toBe('series_id,h,forecast,lower,upper,method');
    expect(out).toHaveLength(1 + 2 * 4);
    const north = out.filter((l) => l.startsWith('north,')).map((l) => l.split(','));
    expect(north.map((r) => r[1])).toEqual(['1', '2', '3', '4']);
    for (const [, , f, lo, hi] of north) {
      expect(Number(lo)).toBeLessThan(Number(f));
      expect(Number(hi)).toBeGreaterThan(Number(f));
    }
    // Rising series: the forecasts continue above the last value of the plain trend.
    expect(Number(out.find((l) => l.startsWith('south,4,'))!.split(',')[2])).toBeGreaterThan(60);
  });

  it.each([
    [['--horizon', '3', '--out', 'x'], /--in is required/],
    [['--in', 'a', '--out', 'b', '--horizon', 'two'], /--horizon must be a whole number/],
    [['--in', 'a', '--out', 'b', '--horizon', '2', '--level', '150'], /--level must be between 0 and 100/],
    [['--in', 'a', '--out', 'b', '--horizon', '2', '--method', 'prophet'], /--method must be one of/],
    [['--in', 'a', '--out', 'b', '--horizon', '2', '--bogus', '1'], /unknown option --bogus/],
  ])('rejects bad arguments %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(CliError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it.each([
    ['id,time,value\na,1,2', /line 1: the header must be series_id,t,value/],
    ['series_id,t,value\na,1,2\na,2,abc', /line 3: value must be a number/],
    ['series_id,t,value\na,1,2\na,June,3', /line 3: t must be an integer or an ISO date/],
    ['series_id,t,value\na,1,2\na,1,3', /line 3: series 'a' repeats a t \(also on line 2\)/],
    ['series_id,t,value\na,1,2\na,2024-01-01,3', /line 3: t mixes integer indices and dates/],
    ['series_id,t,value\na,1', /malformed CSV/],
  ])('names the line of a malformed file', (text, message) => {
    expect(() => readLongCsv(text)).toThrow(message);
  });

  it('sorts each series by t whatever the row order', () => {
    const s = readLongCsv('series_id,t,value\na,3,30\na,1,10\nb,1,5\na,2,20');
    expect(s.get('a')).toEqual([10, 20, 30]);
    expect([...s.keys()]).toEqual(['a', 'b']);
  });
});
