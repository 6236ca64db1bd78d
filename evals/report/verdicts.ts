import { caseVerdict } from '../verdict';
import type { CaseResult, CaseStatus, EvalResults } from '../types';

export interface CaseVerdict {
  key: string;
  status: CaseStatus;
  score: number;
  latencyMs: number;
  tokens: number;
  attempts: CaseResult[];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** One verdict per case of a variant, over its attempts (means for score, latency and tokens). */
export function verdicts(results: EvalResults, variant = 'base'): Map<string, CaseVerdict> {
  const by = new Map<string, CaseResult[]>();
  for (const r of results.results.filter((x) => x.variant === variant)) by.set(r.key, [...(by.get(r.key) ?? []), r]);
  return new Map(
    [...by].map(([key, attempts]) => [
      key,
      {
        key,
        status: caseVerdict(attempts.map((a) => a.status)),
        score: mean(attempts.map((a) => a.score)),
        latencyMs: mean(attempts.map((a) => a.latencyMs)),
        tokens: mean(attempts.map((a) => a.tokens.totalTokens)),
        attempts,
      },
    ]),
  );
}
