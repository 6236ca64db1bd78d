import { isTerminal, type RunEvent, type RunEventOf } from '../../agent/events';
import { postArtifact, type RenderChartPng } from './artifact-poster';
import { postNotice, stepTitle, type ReplyContext } from './reply-target';
import { describeSlackError } from './slack-errors';
import { StreamingRefused, type ReplyState, type Step, type Surface } from './reply-state';
import { createStreamSurface } from './stream-surface';
import { createUpdateSurface } from './update-surface';

export interface RunReplyDeps {
  /** Draws charts as PNG; without it a chart is posted as its data table. */
  renderChartPng?: RenderChartPng;
  /** Teams whose workspace refused streaming; their answers go straight to the updated-message fallback. */
  noStreaming: Set<string>;
  /** Where people reach Parley's web app, for links such as a campaign's editor. */
  publicUrl?: () => string;
}

/**
 * Renders one run's events into a Slack thread. Events are handled strictly in order on one
 * queue; text is batched, tool calls become steps, artifacts are posted after the answer.
 */
export function createRunReply(ctx: ReplyContext, deps: RunReplyDeps) {
  const state: ReplyState = { text: '', steps: [] };
  const artifacts: RunEventOf<'artifact'>[] = [];
  let surface: Surface = deps.noStreaming.has(ctx.target.teamId) ? createUpdateSurface(ctx) : createStreamSurface(ctx);
  let queue: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  let settle!: () => void;
  const finished = new Promise<void>((r) => (settle = r));

  let toldUser = false;
  function enqueue(op: () => Promise<void>) {
    queue = queue.then(op).catch(async (e: unknown) => {
      // The failed call was logged with Slack's request id; the person hears about it once.
      ctx.log.error({ err: e }, 'Slack reply failed');
      if (toldUser) return;
      toldUser = true;
      await postNotice(ctx, `:warning: Parley could not post all of this answer in Slack (Slack said \`${describeSlackError(e).error}\`).`);
    });
  }

  /** Runs `action` on the current surface, moving to the fallback if the workspace refuses streaming. */
  async function onSurface(action: (s: Surface) => Promise<void>) {
    try {
      await action(surface);
    } catch (e) {
      if (!(e instanceof StreamingRefused)) throw e;
      ctx.log.info({ team: ctx.target.teamId, slackError: e.slackError }, 'Slack refused streaming; updating one message instead');
      deps.noStreaming.add(ctx.target.teamId);
      surface = createUpdateSurface(ctx);
      await action(surface);
    }
  }

  function changed() {
    if (ended) return;
    if (surface.wantsSyncNow(state)) {
      clearTimeout(timer);
      timer = undefined;
      enqueue(() => onSurface((s) => s.sync(state)));
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        if (!ended) enqueue(() => onSurface((s) => s.sync(state)));
      }, surface.nextSyncDelay());
    }
  }

  function step(callId: string): Step | undefined {
    return state.steps.find((s) => s.id === callId);
  }

  function handle(event: RunEvent) {
    if (ended) return;
    switch (event.type) {
      case 'message:delta':
        state.text += event.text;
        changed();
        return;
      case 'tool:started':
        state.steps.push({ id: event.callId, title: stepTitle(event.name), status: 'in_progress' });
        changed();
        return;
      case 'tool:progress': {
        const s = step(event.callId);
        if (s) s.details = event.message.slice(0, 200);
        changed();
        return;
      }
      case 'tool:finished': {
        const s = step(event.callId);
        if (s) {
          s.status = event.ok ? 'complete' : 'error';
          s.output = (event.ok ? event.summary : (event.error ?? event.summary)).slice(0, 300);
        }
        changed();
        return;
      }
      case 'artifact':
        artifacts.push(event);
        return;
      default:
        break;
    }
    if (!isTerminal(event.type)) return;
    ended = true;
    clearTimeout(timer);
    if (event.type === 'message:completed') {
      // The deltas are the answer; the completed text covers a model that streamed nothing.
      if (!state.text.trim() && event.text) state.text = event.text;
      state.ending = { kind: 'completed' };
    } else if (event.type === 'run:error') {
      state.ending = { kind: 'error', notice: `:warning: ${event.message}` };
      for (const s of state.steps) if (s.status === 'in_progress') s.status = 'error';
    } else {
      state.ending = { kind: 'cancelled', notice: '_Stopped._' };
    }
    enqueue(async () => {
      await onSurface((s) => s.finish(state));
      for (const a of artifacts) await postArtifact(ctx, a, deps.renderChartPng, { publicUrl: deps.publicUrl });
    });
    enqueue(async () => settle());
  }

  return {
    handle,
    /** Resolves when the run's terminal event has been rendered and its artifacts posted. */
    finished,
    /** Ends the reply without a run (e.g. Parley refused to start one) with a short line. */
    async fail(message: string) {
      ended = true;
      clearTimeout(timer);
      await queue;
      await postNotice(ctx, `:warning: ${message}`);
      settle();
    },
    get surfaceKind() {
      return surface.kind;
    },
  };
}

export type RunReply = ReturnType<typeof createRunReply>;
