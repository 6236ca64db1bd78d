import type { CaseStatus, EvalResults } from '../types';
import { verdicts } from './verdicts';

export interface ComparisonRow {
  key: string;
  base: { status: CaseStatus; score: number; latencyMs: number; tokens: number };
  candidate: { status: CaseStatus; score: number; latencyMs: number; tokens: number };
  scoreDelta: number;
  latencyDelta: number;
  tokenDelta: number;
  /** The pass/fail verdict differs between the two. */
  changed: boolean;
}

/** Base and candidate side by side, per case: verdict, score, latency and tokens with their deltas. */
export function compareVariants(results: EvalResults): ComparisonRow[] {
  if (!results.variants.some((v) => v.id === 'candidate')) return [];
  const a = verdicts(results, 'base');
  const b = verdicts(results, 'candidate');
  return [...a.values()].flatMap((x) => {
    const y = b.get(x.key);
    if (!y) return [];
    const pick = (v: typeof x) => ({ status: v.status, score: v.score, latencyMs: v.latencyMs, tokens: v.tokens });
    return [{
      key: x.key,
      base: pick(x),
      candidate: pick(y),
      scoreDelta: y.score - x.score,
      latencyDelta: y.latencyMs - x.latencyMs,
      tokenDelta: y.tokens - x.tokens,
      changed: (x.status === 'passed') !== (y.status === 'passed'),
    }];
  });
}
