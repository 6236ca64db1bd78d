import type { z } from 'zod';
import type { SqlClient } from '../../tools/types';
import type { AssertionResult, CaseOutput } from '../types';

/** Grades a case against a rubric; the judge model's verdict. */
export type Judge = (input: { rubric: string; question: string; answer: string }) => Promise<AssertionResult>;

/** What a handler may use besides the case output: the case's datasource and the judge model. */
export interface AssertionEnv {
  /** The datasource the case ran against (for sql-result-equals). */
  datasource?: SqlClient;
  /** Absent when no judge model is configured: model-graded assertions are then skipped. */
  judge?: Judge;
}

export interface AssertionParams<C> {
  config: C;
  output: CaseOutput;
  env: AssertionEnv;
}

/** One assertion type: its metadata beside its pure handler. */
export interface AssertionDefinition<C = any> {
  type: string;
  description: string;
  /** The YAML keys it takes besides `type`, validated when the suite loads. */
  config: z.ZodType<C>;
  /** Graded by a judge model (skipped when none is configured). */
  modelGraded?: boolean;
  /** Needs the case's datasource. */
  usesDatasource?: boolean;
  /** A `not-<type>` form is derived from it. */
  negatable?: boolean;
  handle(params: AssertionParams<C>): AssertionResult | Promise<AssertionResult>;
}

export function defineAssertion<C>(d: AssertionDefinition<C>): AssertionDefinition<C> {
  return d;
}

export const pass = (reason: string, score = 1): AssertionResult => ({ pass: true, score, reason });
export const fail = (reason: string, score = 0): AssertionResult => ({ pass: false, score, reason });
export const skip = (reason: string): AssertionResult => ({ pass: false, score: 0, reason, skipped: true });
