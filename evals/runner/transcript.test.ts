import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventDraft } from '../../agent/events';
import { toTranscript } from './transcript';

let seq = 0;
const ev = (d: RunEventDraft): RunEvent => ({ ...d, runId: 'r1', conversationId: 'c1', seq: ++seq, at: '2026-01-01T00:00:00Z' }) as RunEvent;

describe('transcript from the run event stream', () => {
  it('collects text, tool calls, artifacts, usage and only the SQL that ran', () => {
    const events = [
      ev({ type: 'run:started', model: 'm', prompts: { 'agent-system': '1' }, userMessageId: 'u' }),
      ev({ type: 'message:delta', text: 'Looking… ' }),
      ev({ type: 'tool:started', callId: 'a', name: 'run_sql', input: { sql: 'DROP TABLE orders' } }),
      ev({ type: 'tool:finished', callId: 'a', ok: false, summary: 'run_sql failed', error: 'only SELECT is allowed' }),
      ev({ type: 'tool:started', callId: 'b', name: 'run_sql', input: { sql: 'SELECT 1' } }),
      ev({ type: 'artifact', id: 't1', kind: 'table', data: { columns: [], rows: [[1]], rowCount: 1, truncated: false, sql: 'SELECT 1' }, callId: 'b' }),
      ev({ type: 'tool:finished', callId: 'b', ok: true, summary: 'one row', artifactId: 't1' }),
      ev({ type: 'tool:started', callId: 'c', name: 'query_data', input: { question: 'revenue' } }),
      ev({ type: 'artifact', id: 't2', kind: 'table', data: { columns: [], rows: [], rowCount: 0, truncated: false, sql: 'SELECT sum(x) FROM t' }, callId: 'c' }),
      ev({ type: 'tool:finished', callId: 'c', ok: true, summary: 'ok', artifactId: 't2' }),
      ev({ type: 'message:delta', text: 'Done.' }),
      ev({ type: 'message:completed', messageId: 'm1', text: 'Looking… Done.', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } }),
    ];
    const t = toTranscript('q', 'r1', events, 42);
    expect(t).toMatchObject({ status: 'completed', text: 'Looking… Done.', model: 'm', prompts: { 'agent-system': '1' }, latencyMs: 42, usage: { totalTokens: 5 } });
    expect(t.sql).toEqual(['SELECT 1', 'SELECT sum(x) FROM t']);
    expect(t.toolCalls.map((c) => [c.name, c.ok, c.error])).toEqual([
      ['run_sql', false, 'only SELECT is allowed'],
      ['run_sql', true, undefined],
      ['query_data', true, undefined],
    ]);
    expect(t.artifacts.map((a) => a.id)).toEqual(['t1', 't2']);
    expect(t.events.some((e) => e.type === 'message:delta')).toBe(false);
  });

  it('keeps the streamed text and the error of a failed run', () => {
    const t = toTranscript('q', 'r1', [ev({ type: 'message:delta', text: 'Half' }), ev({ type: 'run:error', code: 'model:failed', message: 'The language model failed to answer.' })], 1);
    expect(t).toMatchObject({ status: 'error', text: 'Half', error: { code: 'model:failed' } });
  });
});
