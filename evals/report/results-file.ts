import { readFileSync } from 'node:fs';
import type { EvalResults } from '../types';

/** Reads a results JSON written by an earlier run (e.g. a baseline); a wrong file is a clear error. */
export function readResults(file: string): EvalResults {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read results from ${file}: ${(e as Error).message}`);
  }
  const r = data as Partial<EvalResults>;
  if (r?.format !== 'parley-evals/1' || !Array.isArray(r.results)) {
    throw new Error(`${file} is not a Parley evals results file (expected "format": "parley-evals/1"); pass the results.json an earlier run wrote`);
  }
  return r as EvalResults;
}
