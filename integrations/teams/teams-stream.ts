import type { Activity, ResourceResponse } from 'botbuilder';
import { classifyStreamError, type StreamSendFailure } from './send-errors';

export type SendActivity = (activity: Partial<Activity>) => Promise<ResourceResponse | undefined>;

export type StreamState = 'idle' | 'open' | 'ended' | 'stopped' | 'failed';

export interface TeamsStreamOptions {
  /** Teams allows one streaming request per second per stream. */
  minIntervalMs?: number;
  /** Called once when Teams reports that the user pressed Stop. */
  onStopped?(): void;
  /** Called when a send fails for another reason (logged by the caller). */
  onFailed?(reason: StreamSendFailure, error: unknown): void;
  now?: () => number;
}

type Pending = { kind: 'informative' | 'streaming'; text: string };

function streamInfo(streamType: 'informative' | 'streaming' | 'final', streamSequence: number | undefined, streamId: string | undefined) {
  const info: Record<string, unknown> = { streamType };
  if (streamSequence !== undefined) info.streamSequence = streamSequence;
  if (streamId) info.streamId = streamId;
  return { entities: [{ type: 'streaminfo', ...info }], channelData: info };
}

/**
 * One streamed reply in a Teams 1:1 chat, as Teams' streaming protocol wants it: an informative
 * update (streamSequence 1, whose id becomes the streamId), streaming chunks that each carry all
 * the text so far with a rising streamSequence, then one final message. Updates are coalesced
 * so at most one request goes out per `minIntervalMs`; only the newest wanted state is sent.
 */
export class TeamsStream {
  private seq = 0;
  private streamId: string | undefined;
  private pending: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private streamedText = '';
  private _state: StreamState = 'idle';
  private readonly interval: number;
  private readonly now: () => number;

  constructor(
    private readonly send: SendActivity,
    private readonly opts: TeamsStreamOptions = {},
  ) {
    this.interval = opts.minIntervalMs ?? 1000;
    this.now = opts.now ?? (() => Date.now());
  }

  get state(): StreamState {
    return this._state;
  }

  stoppedByUser(): boolean {
    return this._state === 'stopped';
  }

  /** The text of the last streaming chunk Teams accepted. */
  get sentText(): string {
    return this.streamedText;
  }

  /** Sends the first informative update and opens the stream; false when Teams refused it. */
  async start(text: string): Promise<boolean> {
    if (this._state !== 'idle') throw new Error('the stream has already started');
    this._state = 'open';
    await this.deliver({ kind: 'informative', text });
    return this._state === 'open';
  }

  /** Shows what Parley is doing (only before any answer text has been streamed). */
  inform(text: string): void {
    if (this._state !== 'open' || this.streamedText || this.pending?.kind === 'streaming') return;
    this.pending = { kind: 'informative', text };
    this.schedule();
  }

  /** The answer so far (all of it, not a delta). */
  update(fullText: string): void {
    if (this._state !== 'open' || !fullText || fullText === this.streamedText) return;
    this.pending = { kind: 'streaming', text: fullText };
    this.schedule();
  }

  /**
   * Ends the stream with the final message (its text must start with everything streamed).
   * Resolves false when the stream is no longer open (stopped by the user or refused), in which
   * case nothing was sent.
   */
  async end(final: Partial<Activity>): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    await this.inflight;
    if (this._state !== 'open') return false;
    await this.waitForSlot();
    if (this._state !== 'open') return false;
    this.lastSentAt = this.now();
    try {
      await this.send({ ...final, type: 'message', ...streamInfo('final', undefined, this.streamId) });
      this._state = 'ended';
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }

  /** Stops sending without a final message (the run ended some other way). */
  async abandon(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    await this.inflight;
    if (this._state === 'open') this._state = 'ended';
  }

  private waitForSlot(): Promise<void> {
    const wait = this.lastSentAt + this.interval - this.now();
    return wait > 0 ? new Promise((r) => setTimeout(r, wait)) : Promise.resolve();
  }

  private schedule() {
    if (this.timer || this.inflight || this._state !== 'open') return;
    const wait = Math.max(0, this.lastSentAt + this.interval - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const next = this.pending;
      this.pending = null;
      if (!next || this._state !== 'open') return;
      this.inflight = this.deliver(next).finally(() => {
        this.inflight = null;
        if (this.pending) this.schedule();
      });
    }, wait);
  }

  private async deliver(p: Pending): Promise<void> {
    const sequence = ++this.seq;
    this.lastSentAt = this.now();
    try {
      const res = await this.send({ type: 'typing', text: p.text, ...streamInfo(p.kind, sequence, this.streamId) });
      if (!this.streamId) this.streamId = res?.id;
      if (p.kind === 'streaming') this.streamedText = p.text;
    } catch (e) {
      const failure = classifyStreamError(e);
      if (failure === 'throttled') {
        // The next chunk carries all the text anyway; back off by one interval.
        this.lastSentAt = this.now();
        return;
      }
      this.fail(e);
    }
  }

  private fail(e: unknown) {
    if (this._state !== 'open') return;
    const failure = classifyStreamError(e);
    this._state = failure === 'user_stopped' ? 'stopped' : 'failed';
    if (failure === 'user_stopped') this.opts.onStopped?.();
    else this.opts.onFailed?.(failure, e);
  }
}
