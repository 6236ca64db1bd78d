import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../agent/events';
import { acknowledgeSend, addLocalUserMessage, applyEvent, emptyConversation, failSend, fromHistory, lastUserMessage, type ConversationState } from './conversation-state';
import type { ConversationHistory } from './types';

let at = 0;
function ev(runId: string, seq: number, body: Record<string, unknown>): RunEvent {
  return { runId, conversationId: 'c1', seq, at: new Date(++at).toISOString(), ...body } as RunEvent;
}
const run = (runId: string): RunEvent[] => [
  ev(runId, 1, { type: 'run:started', model: 'm', prompts: {}, userMessageId: 'u' }),
  ev(runId, 2, { type: 'message:delta', text: 'Sales ' }),
  ev(runId, 3, { type: 'tool:started', callId: 'k', name: 'run_sql', input: {} }),
  ev(runId, 4, { type: 'tool:progress', callId: 'k', message: 'querying' }),
  ev(runId, 5, { type: 'tool:finished', callId: 'k', ok: true, summary: '4 rows' }),
  ev(runId, 6, { type: 'artifact', id: 'a1', kind: 'table', data: { rows: [] }, callId: 'k' }),
  ev(runId, 7, { type: 'message:delta', text: 'grew.' }),
  ev(runId, 8, { type: 'message:completed', messageId: 'm1', text: 'Sales grew.', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } }),
];
const applyAll = (s: ConversationState, events: RunEvent[]) => events.reduce(applyEvent, s);

describe('conversation state', () => {
  it('builds one answer from a run: text, tool step, artifact, then complete and no longer active', () => {
    const s = applyAll(emptyConversation, run('r1').slice(0, 7));
    expect(s.activeRunId).toBe('r1');
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]).toMatchObject({ role: 'assistant', text: 'Sales grew.', status: 'streaming', tools: [{ callId: 'k', state: 'done', summary: '4 rows' }], artifacts: [{ id: 'a1', kind: 'table' }] });
    const done = applyEvent(s, run('r1')[7]);
    expect(done.activeRunId).toBeNull();
    expect(done.messages[0].status).toBe('complete');
  });

  it('applies each seq once: a replay after a reconnect adds no duplicated text', () => {
    const events = run('r1');
    const live = applyAll(emptyConversation, events.slice(0, 3));
    const replayed = applyAll(live, events.slice(1)); // the server replays from seq 2
    expect(replayed.messages).toHaveLength(1);
    expect(replayed.messages[0].text).toBe('Sales grew.');
    expect(replayed.messages[0].tools).toHaveLength(1);
    expect(replayed.messages[0].artifacts).toHaveLength(1);
    expect(applyAll(replayed, events)).toBe(replayed);
  });

  it('keeps events that arrive before the send is acknowledged, and ties the question to the run', () => {
    let s = addLocalUserMessage(emptyConversation, 'local:1', 'How are sales?');
    s = applyAll(s, run('r1').slice(0, 2));
    s = acknowledgeSend(s, 'local:1', 'r1');
    expect(s.messages.map((m) => [m.role, m.runId])).toEqual([['user', 'r1'], ['assistant', 'r1']]);
    expect(s.activeRunId).toBe('r1');
    // A run that already ended before the ack is not marked active again.
    let fast = addLocalUserMessage(emptyConversation, 'local:2', 'quick');
    fast = applyAll(fast, run('r2'));
    expect(acknowledgeSend(fast, 'local:2', 'r2').activeRunId).toBeNull();
  });

  it.each([
    ['run:error', { type: 'run:error', code: 'model:failed', message: 'The model failed.' }, 'error'],
    ['run:error interrupted', { type: 'run:error', code: 'run:interrupted', message: 'Restarted.' }, 'interrupted'],
    ['run:cancelled', { type: 'run:cancelled' }, 'cancelled'],
  ])('ends the answer on %s', (_name, body, status) => {
    const s = applyEvent(applyAll(emptyConversation, run('r1').slice(0, 2)), ev('r1', 3, body));
    expect(s.messages[0].status).toBe(status);
    expect(s.activeRunId).toBeNull();
  });

  it('from history: stored answers get their artifacts; a run still answering is replayed from seq 0', () => {
    const history: ConversationHistory = {
      conversation: { id: 'c1', title: 't', datasource: null, updatedAt: '', createdAt: '', activeRunId: 'r2' },
      messages: [
        { id: 'u1', runId: 'r1', role: 'user', text: 'first', status: 'complete', createdAt: '' },
        { id: 'm1', runId: 'r1', role: 'assistant', text: 'Sales grew.', status: 'complete', createdAt: '' },
        { id: 'u2', runId: 'r2', role: 'user', text: 'second', status: 'complete', createdAt: '' },
      ],
      activeRunId: 'r2',
      latestRun: { id: 'r2', lastSeq: 3, status: 'running' },
    };
    const s = fromHistory(history, [{ id: 'a1', runId: 'r1', kind: 'table', data: {}, title: 'T' }]);
    expect(s.messages[1].artifacts.map((a) => a.id)).toEqual(['a1']);
    expect(s.seen.r2).toBeUndefined();
    expect(applyAll(s, run('r1')).messages).toHaveLength(3); // r1 is done: its events change nothing
    const replayed = applyAll(s, run('r2').slice(0, 3));
    expect(replayed.messages.map((m) => m.key)).toEqual(['user:u1', 'assistant:m1', 'user:u2', 'run:r2']);
    expect(replayed.messages[3].text).toBe('Sales ');
    expect(lastUserMessage(replayed)?.text).toBe('second');
  });

  it('from history: answers get their stored tool steps; a run that failed before any words shows its error', () => {
    const history: ConversationHistory = {
      conversation: { id: 'c1', title: 't', datasource: null, updatedAt: '', createdAt: '', activeRunId: null },
      messages: [
        { id: 'u1', runId: 'r1', role: 'user', text: 'first', status: 'complete', createdAt: '' },
        { id: 'm1', runId: 'r1', role: 'assistant', text: 'Sales grew.', status: 'complete', createdAt: '' },
        { id: 'u2', runId: 'r2', role: 'user', text: 'second', status: 'complete', createdAt: '' },
        { id: 'u3', runId: 'r3', role: 'user', text: 'third', status: 'complete', createdAt: '' },
      ],
      activeRunId: null,
      latestRun: { id: 'r3', lastSeq: 2, status: 'cancelled' },
    };
    const s = fromHistory(history, [], [
      { runId: 'r1', seq: 2, type: 'tool:started', payload: { callId: 'k1', name: 'run_sql', input: {} } },
      { runId: 'r1', seq: 3, type: 'tool:finished', payload: { callId: 'k1', ok: false, summary: '', error: 'column "x" does not exist' } },
      { runId: 'r2', seq: 2, type: 'run:error', payload: { code: 'model:unavailable', message: 'The language model could not be reached.' } },
      { runId: 'r3', seq: 2, type: 'run:cancelled', payload: {} },
    ]);
    expect(s.messages.map((m) => `${m.role}:${m.runId}:${m.status}`)).toEqual([
      'user:r1:complete',
      'assistant:r1:complete',
      'user:r2:complete',
      'assistant:r2:error',
      'user:r3:complete',
      'assistant:r3:cancelled',
    ]);
    expect(s.messages[1].tools).toEqual([{ callId: 'k1', name: 'run_sql', state: 'failed', summary: '', error: 'column "x" does not exist' }]);
    expect(s.messages[3].error).toEqual({ code: 'model:unavailable', message: 'The language model could not be reached.' });
    // Replaying the ended run adds nothing.
    expect(applyEvent(s, ev('r3', 2, { type: 'run:cancelled' })).messages).toHaveLength(6);
  });

  it('marks a message that failed to send, and does not offer it for Regenerate', () => {
    let s = addLocalUserMessage(emptyConversation, 'local:1', 'ok one');
    s = addLocalUserMessage(s, 'local:2', 'bad one');
    s = failSend(s, 'local:2', { code: 'run:busy', message: 'busy' });
    expect(s.messages[1]).toMatchObject({ status: 'error', error: { code: 'run:busy' } });
    expect(lastUserMessage(s)?.text).toBe('ok one');
  });
});
