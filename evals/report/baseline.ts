import type { CaseStatus, EvalResults } from '../types';
import { verdicts } from './verdicts';

export interface BaselineChange {
  key: string;
  before: CaseStatus | 'new';
  now: CaseStatus;
  change: 'regressed' | 'fixed' | 'same' | 'new';
  scoreDelta: number;
}

export interface GateOutcome {
  ok: boolean;
  passRate: number;
  threshold?: number;
  regressions: BaselineChange[];
  /** Why the gate failed, in words, one line each. */
  reasons: string[];
}

/** Each current case against the baseline's verdict for it. */
export function diffBaseline(current: EvalResults, baseline: EvalResults): BaselineChange[] {
  const before = verdicts(baseline);
  return [...verdicts(current).values()].map((v) => {
    const b = before.get(v.key);
    const passedBefore = b?.status === 'passed';
    const passesNow = v.status === 'passed';
    const change = !b ? 'new' : passedBefore && !passesNow && v.status !== 'skipped' ? 'regressed' : !passedBefore && passesNow ? 'fixed' : 'same';
    return { key: v.key, before: b?.status ?? 'new', now: v.status, change, scoreDelta: v.score - (b?.score ?? 0) };
  });
}

/**
 * The CI gate. With a baseline: fails when a case that passed there does not pass now.
 * With a threshold: fails when the pass rate is below it. With neither: fails on any failure.
 */
export function gate(current: EvalResults, opts: { baseline?: EvalResults; threshold?: number }): GateOutcome {
  const s = current.summary.base;
  const reasons: string[] = [];
  const regressions = opts.baseline ? diffBaseline(current, opts.baseline).filter((c) => c.change === 'regressed') : [];
  for (const r of regressions) reasons.push(`regression: ${r.key} passed in the baseline and is ${r.now} now`);
  if (opts.threshold !== undefined && s.passRate < opts.threshold) {
    reasons.push(`pass rate ${(s.passRate * 100).toFixed(1)}% is below the threshold ${(opts.threshold * 100).toFixed(1)}%`);
  }
  if (!opts.baseline && opts.threshold === undefined && s.failed + s.errored > 0) {
    reasons.push(`${s.failed + s.errored} case${s.failed + s.errored === 1 ? '' : 's'} did not pass`);
  }
  return { ok: reasons.length === 0, passRate: s.passRate, threshold: opts.threshold, regressions, reasons };
}
