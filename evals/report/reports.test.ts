import { describe, expect, it } from 'vitest';
import type { CaseResult, CaseStatus, EvalResults } from '../types';
import { diffBaseline, gate } from './baseline';
import { compareVariants } from './compare';
import { toHtml } from './html';
import { toJUnit } from './junit';

function result(key: string, status: CaseStatus, extra: Partial<CaseResult> = {}): CaseResult {
  const [suite, caseId] = key.split('/');
  return {
    key, suite, caseId, tags: [], variant: 'base', attempt: 1, status, score: status === 'passed' ? 1 : 0, latencyMs: 100,
    tokens: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, assertions: [], transcript: [], ...extra,
  };
}

function run(results: CaseResult[], variants = ['base']): EvalResults {
  const summary: EvalResults['summary'] = {};
  for (const v of variants) {
    const rs = results.filter((r) => r.variant === v);
    const passed = rs.filter((r) => r.status === 'passed').length;
    const skipped = rs.filter((r) => r.status === 'skipped').length;
    summary[v] = { total: rs.length, passed, failed: rs.filter((r) => r.status === 'failed').length, errored: rs.filter((r) => r.status === 'error').length, skipped, passRate: passed / (rs.length - skipped || 1) };
  }
  return { format: 'parley-evals/1', startedAt: 'a', finishedAt: 'b', mode: 'live', variants: variants.map((id) => ({ id, model: 'm', offline: false, prompts: { 'agent-system': id === 'base' ? '1' : '2' } })), suites: [], results, summary, flaky: [] };
}

describe('baseline gate', () => {
  const baseline = run([result('s/a', 'passed'), result('s/b', 'failed'), result('s/c', 'passed'), result('s/d', 'passed')]);
  it.each([
    ['nothing changed', [result('s/a', 'passed'), result('s/b', 'failed'), result('s/c', 'passed')], {}, true, []],
    ['a passing case fails', [result('s/a', 'failed'), result('s/b', 'failed'), result('s/c', 'passed')], {}, false, [/regression: s\/a passed in the baseline and is failed now/]],
    ['a passing case errors', [result('s/a', 'passed'), result('s/c', 'error')], {}, false, [/regression: s\/c .* is error now/]],
    ['the pass rate falls under the threshold', [result('s/a', 'passed'), result('s/b', 'failed'), result('s/c', 'passed')], { threshold: 0.9 }, false, [/pass rate 66\.7% is below the threshold 90\.0%/]],
    ['a new failing case (no baseline verdict)', [result('s/a', 'passed'), result('s/new', 'failed')], {}, true, []],
  ])('%s', (_, results, opts, ok, reasons) => {
    const g = gate(run(results), { baseline, ...opts });
    expect(g.ok).toBe(ok);
    expect(g.reasons).toHaveLength(reasons.length);
    reasons.forEach((r, i) => expect(g.reasons[i]).toMatch(r));
  });

  it('without a baseline or threshold, any failure fails the gate; a skipped case does not', () => {
    expect(gate(run([result('s/a', 'passed'), result('s/b', 'skipped')]), {}).ok).toBe(true);
    expect(gate(run([result('s/a', 'passed'), result('s/b', 'failed')]), {}).reasons).toEqual(['1 case did not pass']);
  });

  it('diffs each case against the baseline', () => {
    const changes = diffBaseline(run([result('s/a', 'failed'), result('s/b', 'passed'), result('s/c', 'passed'), result('s/n', 'passed')]), baseline);
    expect(changes.map((c) => [c.key, c.change])).toEqual([['s/a', 'regressed'], ['s/b', 'fixed'], ['s/c', 'same'], ['s/n', 'new']]);
  });
});

describe('comparison of two variants', () => {
  it('gives per-case verdicts and deltas, marking changed outcomes', () => {
    const rows = compareVariants(
      run(
        [
          result('s/a', 'passed', { latencyMs: 100 }),
          result('s/a', 'failed', { variant: 'candidate', latencyMs: 150, tokens: { inputTokens: 5, outputTokens: 5, totalTokens: 10 } }),
          result('s/b', 'passed'),
          result('s/b', 'passed', { variant: 'candidate', latencyMs: 80 }),
        ],
        ['base', 'candidate'],
      ),
    );
    expect(rows.map((r) => [r.key, r.base.status, r.candidate.status, r.changed, r.scoreDelta, r.latencyDelta, r.tokenDelta])).toEqual([
      ['s/a', 'passed', 'failed', true, -1, 50, 8],
      ['s/b', 'passed', 'passed', false, 0, -20, 0],
    ]);
  });
});

describe('reports', () => {
  const hostile = result('s/x', 'failed', {
    assertions: [{ type: 'contains', at: 's.yaml:3', pass: false, score: 0, reason: 'answer was "<script>alert(1)</script>" & more' }],
    transcript: [{ user: '<img src=x onerror=alert(1)>', runId: 'r', status: 'completed', text: '</td></tr><b>bold</b>\u0007', toolCalls: [{ callId: 'c', name: 'run_sql', input: { sql: "SELECT '<x>'" }, ok: true }], artifacts: [], sql: ["SELECT '<x>'"], usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, latencyMs: 1, events: [] }],
  });

  it('HTML escapes everything a model or a suite wrote', () => {
    const html = toHtml(run([hostile]));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('SELECT &#39;&lt;x&gt;&#39;');
    // The only script is the report's own filter.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('JUnit XML escapes text and drops control characters XML forbids', () => {
    const xml = toJUnit(run([hostile, result('s/y', 'error', { error: 'missing cassette a.json' }), result('s/z', 'skipped')]));
    expect(xml).toContain('<testsuite name="s" tests="3" failures="1" errors="1" skipped="1"');
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).toContain('<error message="missing cassette a.json"/>');
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
  });
});
