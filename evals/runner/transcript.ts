import type { RunEvent } from '../../agent/events';
import type { TableArtifactData } from '../../tools/artifacts';
import type { ArtifactRecord, ToolCallRecord, TurnTranscript } from '../types';

/** Reads one run's events into what assertions and reports look at. */
export function toTranscript(user: string, runId: string, events: RunEvent[], latencyMs: number): TurnTranscript {
  const toolCalls = new Map<string, ToolCallRecord>();
  const artifacts: ArtifactRecord[] = [];
  const sql: string[] = [];
  const kept: RunEvent[] = [];
  let text = '';
  let status: TurnTranscript['status'] = 'error';
  let error: TurnTranscript['error'];
  let usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  let model: string | undefined;
  let prompts: Record<string, string> | undefined;
  for (const e of events) {
    if (e.type !== 'message:delta') kept.push(e);
    switch (e.type) {
      case 'run:started':
        model = e.model;
        prompts = e.prompts;
        break;
      case 'message:delta':
        text += e.text;
        break;
      case 'tool:started': {
        toolCalls.set(e.callId, { callId: e.callId, name: e.name, input: e.input });
        break;
      }
      case 'tool:finished': {
        const c = toolCalls.get(e.callId);
        if (c) Object.assign(c, { ok: e.ok, summary: e.summary, error: e.error });
        // SQL a tool was given counts once it ran: a statement the guard refused never touched the data.
        const inputSql = (c?.input as { sql?: unknown } | null)?.sql;
        if (e.ok && typeof inputSql === 'string' && !sql.includes(inputSql)) sql.push(inputSql);
        break;
      }
      case 'artifact': {
        artifacts.push({ id: e.id, kind: e.kind, title: e.title, data: e.data, callId: e.callId });
        const tableSql = e.kind === 'table' ? (e.data as Partial<TableArtifactData>)?.sql : undefined;
        if (typeof tableSql === 'string' && !sql.includes(tableSql)) sql.push(tableSql);
        break;
      }
      case 'message:completed':
        status = 'completed';
        text = e.text;
        usage = e.usage;
        break;
      case 'run:error':
        status = 'error';
        error = { code: e.code, message: e.message };
        break;
      case 'run:cancelled':
        status = 'cancelled';
        break;
    }
  }
  return { user, runId, status, text, toolCalls: [...toolCalls.values()], artifacts, sql, usage, latencyMs, error, model, prompts, events: kept };
}
