import { afterAll, describe, expect, it } from 'vitest';
import { ParleyError } from '../../agent/errors';
import { buildChart } from '../../tools/make-chart/spec';
import { FIXTURES } from '../../tools/make-chart/testing/fixtures';
import { checkRenderSize, createRenderPool, RENDER_LIMITS } from './render-pool';
import { pngSize } from './testing/png';

const built = buildChart(FIXTURES.sp500());
if (!built.ok) throw new Error(built.error);
const spec = built.spec;

describe('createRenderPool (charts drawn on worker threads)', () => {
  const pool = createRenderPool({ size: 1, maxQueue: 1 });
  afterAll(() => pool.close());

  it('draws a PNG of the asked size on a worker thread, and an SVG', async () => {
    const png = await pool.png(spec, { width: 640, height: 360, scale: 2 });
    expect(pngSize(png)).toEqual({ width: 1280, height: 720 });
    expect(await pool.svg(spec, { width: 640, height: 360 })).toMatch(/^<svg[^>]* width="640" height="360"/);
    expect(pool.stats().threads).toBe(1);
  });

  it('renders identical requests once, whether they overlap or come later', async () => {
    const before = pool.stats().renders;
    const [a, b] = await Promise.all([pool.png(spec, { width: 500, height: 300 }), pool.png(spec, { width: 500, height: 300 })]);
    const c = await pool.png(spec, { width: 500, height: 300 });
    expect(pool.stats().renders - before).toBe(1);
    expect(b.equals(a) && c.equals(a)).toBe(true);
    await pool.png(spec, { width: 501, height: 300 });
    expect(pool.stats().renders - before).toBe(2);
  });

  it('refuses with chart:busy (503) when its queue is full, and still serves the rest', async () => {
    const jobs = [1, 2, 3].map((i) => pool.png(spec, { width: 900 + i, height: 500 }).then(() => 'ok', (e: ParleyError) => `${e.status} ${e.code}`));
    expect(await Promise.all(jobs)).toEqual(['ok', 'ok', '503 chart:busy']);
  });

  it('turns a spec the renderer refuses into the same coded error as on the main thread', async () => {
    const bad = { ...spec, data: { url: 'http://169.254.169.254/latest' } };
    await expect(pool.png(bad, { width: 400, height: 300 })).rejects.toMatchObject({ code: 'chart:external_data', status: 422 });
  });
});

describe('checkRenderSize', () => {
  it.each([
    [{ width: 4000, height: 4000, scale: 4 }, /at most 2000 pixels/],
    [{ width: 2001, height: 100 }, /at most 2000 pixels/],
    [{ width: 800, height: 450, scale: 3 }, /scale must be at most 2/],
    [{ width: 800, height: 450, scale: 0 }, /scale/],
    [{ width: 2000, height: 2000, scale: 2 }, /must be at most 8,000,000/],
    [{ width: Number.NaN, height: 100 }, /width and height/],
  ])('refuses %o with a 400 naming the limit', (size, message) => {
    expect(() => checkRenderSize(size)).toThrow(message);
    try {
      checkRenderSize(size);
    } catch (e) {
      expect(e).toMatchObject({ code: 'chart:too_large', status: 400 });
    }
  });

  it('allows the largest image within the budget', () => {
    expect(() => checkRenderSize({ width: RENDER_LIMITS.maxSide, height: 1000, scale: RENDER_LIMITS.maxScale })).not.toThrow();
  });
});
