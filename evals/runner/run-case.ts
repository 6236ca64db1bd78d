import { performance } from 'node:perf_hooks';
import { isTerminal, type RunEvent } from '../../agent/events';
import { OFFLINE_NOTICE } from '../../agent/models/index';
import type { ChatRuntime } from '../../server/runtime/chat-runtime';
import { ASSERTIONS } from '../assertions/registry';
import type { AssertionEnv } from '../assertions/types';
import type { LoadedCase, LoadedSuite } from '../suite/loaded';
import type { AssertionOutcome, CaseResult, CaseStatus, TurnTranscript } from '../types';
import { toTranscript } from './transcript';

export interface CaseTarget {
  runtime: ChatRuntime;
  /** The datasource name chat:send gets (a fixture's name for fixture cases). */
  datasource?: string;
  workspaceId: string;
  userId: string;
  env: AssertionEnv;
  /** The variant runs the offline planner on purpose. */
  offline: boolean;
  /** Uploads the case's files (its `files`) and gives their ids, to attach to the first question. */
  attach?(c: LoadedCase): Promise<{ uploadId: string }[]>;
  /** Explains a failed turn the harness caused (e.g. a missing cassette), or nothing. */
  explainFailure?(c: LoadedCase): string | undefined;
}

const NO_USAGE = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/** Sends every turn of a case in one new conversation, from the same event stream channels see. */
async function converse(c: LoadedCase, t: CaseTarget): Promise<TurnTranscript[]> {
  const turns: TurnTranscript[] = [];
  const events: RunEvent[] = [];
  let conversationId: string | undefined;
  let unsubscribe: (() => void) | undefined;
  const terminalWaiters = new Map<string, () => void>();
  const listen = (e: RunEvent) => {
    events.push(e);
    if (isTerminal(e.type)) terminalWaiters.get(e.runId)?.();
  };
  const attachments = c.files.length && t.attach ? await t.attach(c) : [];
  try {
    for (const text of c.turns) {
      const started = performance.now();
      const sent = await t.runtime.send({
        text,
        conversationId,
        datasource: conversationId ? undefined : t.datasource,
        ...(conversationId || !attachments.length ? {} : { attachments }),
        workspaceId: t.workspaceId,
        userId: t.userId,
        channel: 'evals',
        onConversation(id) {
          if (!unsubscribe) unsubscribe = t.runtime.subscribe(id, listen);
        },
      });
      conversationId = sent.conversationId;
      const terminal = new Promise<void>((resolve) => terminalWaiters.set(sent.runId, resolve));
      await sent.done;
      if (!events.some((e) => e.runId === sent.runId && isTerminal(e.type))) await terminal;
      const latencyMs = performance.now() - started;
      turns.push(toTranscript(text, sent.runId, events.filter((e) => e.runId === sent.runId), latencyMs));
    }
  } finally {
    unsubscribe?.();
  }
  return turns;
}

function statusOf(assertions: AssertionOutcome[]): CaseStatus {
  const graded = assertions.filter((a) => !a.skipped);
  if (graded.some((a) => !a.pass)) return 'failed';
  return graded.length ? 'passed' : 'skipped';
}

export async function runCase(suite: LoadedSuite, c: LoadedCase, t: CaseTarget, variant: string, attempt: number): Promise<CaseResult> {
  const base = { key: `${suite.name}/${c.id}`, suite: suite.name, caseId: c.id, description: c.description, tags: c.tags, variant, attempt };
  let transcript: TurnTranscript[] = [];
  try {
    transcript = await converse(c, t);
  } catch (e) {
    return { ...base, status: 'error', score: 0, latencyMs: 0, tokens: NO_USAGE, assertions: [], error: `the case could not run: ${(e as Error).message}`, transcript };
  }
  const latencyMs = transcript.reduce((s, x) => s + x.latencyMs, 0);
  const tokens = transcript.reduce(
    (s, x) => ({ inputTokens: s.inputTokens + x.usage.inputTokens, outputTokens: s.outputTokens + x.usage.outputTokens, totalTokens: s.totalTokens + x.usage.totalTokens }),
    NO_USAGE,
  );
  const harness = transcript.some((x) => x.status === 'error')
    ? t.explainFailure?.(c)
    : // Parley falls back to the offline planner when the model is unreachable: that is not the model's answer.
      !t.offline && transcript.some((x) => x.text.includes(OFFLINE_NOTICE))
      ? 'the model could not be reached, so the offline planner answered instead; these are not the model\'s answers (check GROQ_BASE_URL and the network)'
      : undefined;
  if (harness) return { ...base, status: 'error', score: 0, latencyMs, tokens, assertions: [], error: harness, transcript };

  const assertions: AssertionOutcome[] = [];
  for (const a of c.assertions) {
    const def = ASSERTIONS.get(a.type)!;
    try {
      const r = await def.handle({ config: a.config, output: { turns: transcript }, env: t.env });
      assertions.push({ ...r, type: a.type, at: a.at });
    } catch (e) {
      assertions.push({ type: a.type, at: a.at, pass: false, score: 0, reason: `the ${a.type} check crashed: ${(e as Error).message}` });
    }
  }
  const graded = assertions.filter((a) => !a.skipped);
  const score = graded.length ? graded.reduce((s, a) => s + a.score, 0) / graded.length : 0;
  return { ...base, status: statusOf(assertions), score, latencyMs, tokens, assertions, transcript };
}
