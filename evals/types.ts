import type { RunEvent, TokenUsage } from '../agent/events';
import type { ArtifactKind } from '../tools/types';

/** One tool call as a case's transcript shows it. */
export interface ToolCallRecord {
  callId: string;
  name: string;
  input: unknown;
  ok?: boolean;
  summary?: string;
  error?: string;
}

export interface ArtifactRecord {
  id: string;
  kind: ArtifactKind;
  title?: string;
  data: unknown;
  callId?: string;
}

/** What one user turn produced, read from the run event stream. */
export interface TurnTranscript {
  user: string;
  runId: string;
  /** completed | error | cancelled, from the run's terminal event. */
  status: 'completed' | 'error' | 'cancelled';
  text: string;
  toolCalls: ToolCallRecord[];
  artifacts: ArtifactRecord[];
  /** Every SQL statement that ran in the turn: the `sql` of successful tool calls and of table artifacts. */
  sql: string[];
  usage: TokenUsage;
  latencyMs: number;
  error?: { code: string; message: string };
  model?: string;
  prompts?: Record<string, string>;
  /** The run's events without the streamed deltas (their text is in `text`). */
  events: RunEvent[];
}

export interface CaseOutput {
  turns: TurnTranscript[];
}

/** What every assertion handler returns. `skipped` results count as neither pass nor fail. */
export interface AssertionResult {
  pass: boolean;
  score: number;
  reason: string;
  skipped?: boolean;
}

export type CaseStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface AssertionOutcome extends AssertionResult {
  type: string;
  /** Where the assertion is written (file:line), for reports. */
  at: string;
}

/** One execution of one case under one variant. */
export interface CaseResult {
  /** `suite/case`, stable across runs: baselines and comparisons match on it. */
  key: string;
  suite: string;
  caseId: string;
  description?: string;
  tags: string[];
  variant: string;
  attempt: number;
  status: CaseStatus;
  /** Mean score of the assertions that were not skipped. */
  score: number;
  latencyMs: number;
  tokens: TokenUsage;
  assertions: AssertionOutcome[];
  /** Harness problems (a missing cassette, a crash), not assertion failures. */
  error?: string;
  transcript: TurnTranscript[];
}

/** A way of running the cases: a model and the prompt versions it uses. */
export interface Variant {
  id: string;
  model: string;
  offline: boolean;
  prompts: Record<string, string>;
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  /** passed / (total − skipped); 1 when nothing ran. */
  passRate: number;
}

export interface EvalResults {
  format: 'parley-evals/1';
  startedAt: string;
  finishedAt: string;
  mode: 'live' | 'record' | 'replay';
  variants: Variant[];
  suites: { name: string; file: string; cases: number }[];
  /** Every attempt of every case under every variant. */
  results: CaseResult[];
  /** Per variant, one verdict per case (all attempts must pass). */
  summary: Record<string, RunSummary>;
  /** Cases whose outcome varied between attempts (--repeat). */
  flaky: { variant: string; key: string; statuses: CaseStatus[] }[];
}
