import type { Activity } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyStreamError } from './send-errors';
import { TeamsStream } from './teams-stream';

function recorder() {
  const sent: { at: number; activity: Partial<Activity> }[] = [];
  let n = 0;
  const send = async (activity: Partial<Activity>) => {
    sent.push({ at: Date.now(), activity });
    return { id: `activity-${++n}` };
  };
  return { sent, send };
}
const info = (a: Partial<Activity>) => a.entities?.[0] as unknown as { streamType: string; streamSequence?: number; streamId?: string };

describe('TeamsStream', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 0 }));
  afterEach(() => void vi.useRealTimers());

  it('coalesces updates so at most one request goes out per interval, each with all text so far', async () => {
    const { sent, send } = recorder();
    const stream = new TeamsStream(send, { minIntervalMs: 1000 });
    await stream.start('Looking…');
    let text = '';
    for (let i = 0; i < 50; i++) {
      text += `w${i} `;
      stream.update(text.trimEnd());
      await vi.advanceTimersByTimeAsync(100);
    }
    const end = stream.end({ text: text.trimEnd() });
    await vi.runAllTimersAsync();
    expect(await end).toBe(true);

    const gaps = sent.slice(1).map((s, i) => s.at - sent[i].at);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(1000);
    expect(sent.length).toBeLessThanOrEqual(1 + Math.ceil(5000 / 1000) + 1);
    expect(info(sent[0].activity)).toEqual({ type: 'streaminfo', streamType: 'informative', streamSequence: 1 });
    const chunks = sent.slice(1, -1).map((s) => s.activity);
    expect(chunks.map((c) => info(c).streamSequence)).toEqual(chunks.map((_, i) => i + 2));
    for (const c of chunks) expect(info(c).streamId).toBe('activity-1');
    expect(sent.at(-1)!.activity).toMatchObject({ type: 'message', text: text.trimEnd() });
    expect(info(sent.at(-1)!.activity)).toEqual({ type: 'streaminfo', streamType: 'final', streamId: 'activity-1' });
  });

  it('sends informative updates only before answer text has streamed', async () => {
    const { sent, send } = recorder();
    const stream = new TeamsStream(send, { minIntervalMs: 1000 });
    await stream.start('Looking…');
    stream.inform('Working: run sql…');
    await vi.advanceTimersByTimeAsync(1000);
    stream.update('The answer');
    await vi.advanceTimersByTimeAsync(1000);
    stream.inform('Working: make chart…');
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent.map((s) => [info(s.activity).streamType, s.activity.text])).toEqual([
      ['informative', 'Looking…'],
      ['informative', 'Working: run sql…'],
      ['streaming', 'The answer'],
    ]);
  });

  it('stops for good, and says so once, when Teams reports that the user pressed Stop', async () => {
    const onStopped = vi.fn();
    let calls = 0;
    const send = async () => {
      if (++calls === 2) throw Object.assign(new Error('Content stream was cancelled by user.'), { statusCode: 403, code: 'ContentStreamNotAllowed' });
      return { id: 'stream-1' };
    };
    const stream = new TeamsStream(send, { minIntervalMs: 1000, onStopped });
    await stream.start('Looking…');
    stream.update('Part');
    await vi.advanceTimersByTimeAsync(1000);
    stream.update('Part two');
    await vi.advanceTimersByTimeAsync(3000);
    expect(onStopped).toHaveBeenCalledTimes(1);
    expect(stream.stoppedByUser()).toBe(true);
    expect(await stream.end({ text: 'Part two' })).toBe(false);
    expect(calls).toBe(2);
  });
});

describe('TeamsStream.end', () => {
  it.each([
    ['the user pressed Stop', { statusCode: 403, message: 'Content stream was cancelled by user.' }, true],
    ['Teams ended the stream itself', { statusCode: 403, message: 'Content stream finished due to exceeded streaming time.' }, false],
  ])('reports, without throwing, a final message refused because %s', async (_why, error, stopped) => {
    let calls = 0;
    const send = async () => {
      if (++calls === 2) throw Object.assign(new Error(error.message), error);
      return { id: 'stream-1' };
    };
    const stream = new TeamsStream(send, { minIntervalMs: 0 });
    await stream.start('Looking…');
    await expect(stream.end({ text: 'All of it' })).resolves.toBe(false);
    expect(stream.stoppedByUser()).toBe(stopped);
    expect(stream.state).toBe(stopped ? 'stopped' : 'failed');
  });
});

describe('classifyStreamError', () => {
  it.each([
    [{ statusCode: 403, code: 'ContentStreamNotAllowed', message: 'Content stream was cancelled by user.' }, 'user_stopped'],
    [{ statusCode: 403, code: 'ContentStreamNotAllowed', message: 'Content stream finished due to exceeded streaming time.' }, 'rejected'],
    [{ statusCode: 403, code: 'ContentStreamNotAllowed', message: 'Content stream is not allowed on an already completed streamed message' }, 'rejected'],
    [{ statusCode: 400, code: 'BadRequest', message: 'Content stream is not allowed' }, 'rejected'],
    [{ statusCode: 429, message: 'Too many requests' }, 'throttled'],
    [new Error('socket hang up'), 'rejected'],
  ])('%j is %s', (error, expected) => {
    expect(classifyStreamError(error)).toBe(expected);
  });
});
