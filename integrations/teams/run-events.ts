import { isTerminal, type RunEvent } from '../../agent/events';

/**
 * Holds a run's events from the moment of subscription and hands them out in order, ending
 * after the run's terminal event. Lets the Teams reply start later (in its own turn context)
 * without missing anything.
 */
export class RunEventQueue {
  private readonly buffer: RunEvent[] = [];
  private wake: (() => void) | null = null;
  private runId: string | null = null;

  /** The listener to give `runtime.subscribe`. */
  readonly push = (e: RunEvent) => {
    this.buffer.push(e);
    this.wake?.();
  };

  /** The events of one run, ending with its terminal event. */
  async *of(runId: string): AsyncGenerator<RunEvent> {
    this.runId = runId;
    for (;;) {
      const e = this.buffer.shift();
      if (!e) {
        await new Promise<void>((r) => (this.wake = r));
        this.wake = null;
        continue;
      }
      if (e.runId !== this.runId) continue;
      yield e;
      if (isTerminal(e.type)) return;
    }
  }
}
