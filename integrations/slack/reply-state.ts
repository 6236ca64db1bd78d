import type { TaskUpdateChunk } from '@slack/types';

/** One tool call shown as a step of the answer. */
export interface Step {
  id: string;
  title: string;
  status: TaskUpdateChunk['status'];
  details?: string;
  output?: string;
}

/** Everything an answer shows so far; surfaces render it, each in its own way. */
export interface ReplyState {
  text: string;
  steps: Step[];
  /** Set once the run has ended: a closing line for errors and cancellations. */
  ending?: { kind: 'completed' | 'error' | 'cancelled'; notice?: string };
}

/** A way of showing an answer in Slack: native streaming, or one message updated in place. */
export interface Surface {
  readonly kind: 'stream' | 'update';
  /** Whether the changes since the last sync are worth a call now rather than at the next tick. */
  wantsSyncNow(state: ReplyState): boolean;
  /** Milliseconds until the next sync may happen. */
  nextSyncDelay(): number;
  /** Brings Slack up to date with `state`. */
  sync(state: ReplyState): Promise<void>;
  /** Shows the final state and closes the message. */
  finish(state: ReplyState): Promise<void>;
}

/** Thrown by the streaming surface when the workspace refuses streaming, before anything was shown. */
export class StreamingRefused extends Error {
  constructor(readonly slackError: string) {
    super(`Slack refused streaming: ${slackError}`);
    this.name = 'StreamingRefused';
  }
}

export const stepKey = (s: Step) => `${s.status}|${s.details ?? ''}|${s.output ?? ''}`;
