import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ParleyError } from '../../agent/errors';
import { isTerminal, type RunEvent, type RunEventDraft } from '../../agent/events';
import type { AgentGraph } from '../../agent/graph';
import { executeRun, type RunOutcome } from '../../agent/run';
import { renderPrompt, type PromptRegistry } from '../../prompts/registry';
import type { CampaignToolStore } from '../../tools/campaigns/store-types';
import type { ConnectedData, DataSourceHandle, SqlRunHooks, StoredArtifact } from '../../tools/types';
import type { SqlRunRef } from '../audit/sql-run-hooks';
import type { RateLimits } from '../limits/rate-limits';
import type { Logger } from '../logger';
import { roleAtLeast, type Role } from '../identity';
import type { ConversationRow, Scope } from '../store/conversations';
import type { Store } from '../store/store';
import { EventWriter } from './event-writer';

export type RunEventListener = (event: RunEvent) => void;

export interface SendInput {
  text: string;
  conversationId?: string;
  datasource?: string;
  /** Uploaded files this question is about; they join the conversation's files. */
  attachments?: { uploadId: string }[];
  workspaceId: string;
  userId: string;
  /** The asker's role; a viewer may ask and read, not send raw SQL or files. Absent: trusted callers (evals). */
  role?: Role;
  channel?: string;
  /** Called with the conversation id before the run starts, so a caller can subscribe without missing events. */
  onConversation?(conversationId: string): void;
}

export interface SendResult {
  conversationId: string;
  runId: string;
  userMessageId: string;
  /** Settles when the run has emitted its terminal event. */
  done: Promise<RunOutcome>;
}

export interface JoinResult {
  runId: string | null;
  replayed: number;
  active: boolean;
  unsubscribe(): void;
}

export interface ChatRuntimeDeps {
  store: Store;
  graph: AgentGraph;
  modelName: string;
  prompts: PromptRegistry;
  log: Logger;
  /** The datasource a conversation's tools run against: the named one, or the workspace default. */
  resolveDatasource(ref: { workspaceId: string; datasource: string | null; conversationId?: string }): Promise<DataSourceHandle> | DataSourceHandle;
  /**
   * The conversation's uploaded files as a DuckDB datasource (its database results loaded beside
   * them), or undefined when it has none; absent: no conversation has files.
   */
  resolveFiles?(workspaceId: string, conversationId: string): Promise<DataSourceHandle | undefined>;
  /** Links uploads to a conversation (refusing ids that are not the workspace's); absent: attachments are refused. */
  attachFiles?(scope: Required<Scope>, conversationId: string, uploadIds: string[]): Promise<void>;
  /** The agent's system prompt version; the newest when absent. */
  systemPromptVersion?: string;
  now?: () => Date;
  /** Counts every message (web, Slack, Teams) against its sender's limits; absent: nothing is counted. */
  limits?: Pick<RateLimits, 'consume'>;
  /** Counts and records the SQL statements a tool call runs (server/audit/sql-run-hooks.ts). */
  sqlRuns?(ref: SqlRunRef): SqlRunHooks;
  /** The campaign drafts a tool call may read and (analysts and admins) write; absent: no campaign store. */
  campaigns?(binding: { workspaceId: string; userId: string; conversationId: string; canEdit: boolean }): CampaignToolStore;
  /** Payment and social data for the lookup tools, bound to the caller's workspace (server/connected-data); absent: none. */
  connected?(ref: { workspaceId: string; datasource: DataSourceHandle; signal: AbortSignal }): ConnectedData;
}

interface ActiveRun {
  runId: string;
  conversationId: string;
  workspaceId: string;
  controller: AbortController;
  seq: number;
  text: string;
  done: Promise<RunOutcome>;
}

const TITLE_LENGTH = 80;

/** The uploaded files' tables as the system prompt lists them (what each is, its columns). */
async function filesText(files: DataSourceHandle): Promise<string> {
  const catalog = await files.catalog?.().catch(() => undefined);
  if (!catalog?.tables.length) return 'This conversation has uploaded files, but their tables could not be read just now.';
  const lines = catalog.tables.map((t) => `- ${t.name} (${t.rowEstimate} rows${t.comment ? `; ${t.comment}` : ''}): ${t.columns.map((c) => c.name).join(', ')}`);
  return `This conversation has uploaded files; query them with query_data and source "files":\n${lines.join('\n')}`;
}

/** What only analysts and admins may send, in every channel: raw SQL (`/sql …`) and files. */
function refuseBeyondRole(input: SendInput) {
  if (!input.role || roleAtLeast(input.role, 'analyst')) return;
  if (/^\s*\/sql\b/i.test(input.text)) {
    throw new ParleyError('auth:forbidden', { status: 403, userMessage: 'Viewers can ask questions in words but not run SQL themselves; ask an admin for the analyst role.' });
  }
  if (input.attachments?.length) {
    throw new ParleyError('auth:forbidden', { status: 403, userMessage: 'Viewers cannot attach files; ask an admin for the analyst role.' });
  }
}

function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0];
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
}

/**
 * The chat runtime: starts runs, numbers and persists every event before fanning it out to
 * every listener of the conversation, replays stored events to late joiners, cancels, and
 * drains on shutdown. Every channel (web, Slack, Teams, evals) goes through it.
 */
export function createChatRuntime(deps: ChatRuntimeDeps) {
  const { store, log } = deps;
  const now = deps.now ?? (() => new Date());
  const active = new Map<string, ActiveRun>();
  const activeByConversation = new Map<string, string>();
  const reserved = new Set<string>();
  const listeners = new Map<string, Set<RunEventListener>>();
  let accepting = true;

  const writer = new EventWriter(
    store,
    (event) => {
      for (const l of listeners.get(event.conversationId) ?? []) l(event);
    },
    log,
    (runIds) => {
      for (const id of runIds) active.get(id)?.controller.abort(new ParleyError('store:unavailable', { userMessage: 'Parley could not save this answer, so it stopped. Please try again.' }));
    },
  );

  function record(run: ActiveRun, draft: RunEventDraft, alsoInTx?: (c: pg.PoolClient) => Promise<void>): Promise<boolean> {
    const event = { ...draft, runId: run.runId, conversationId: run.conversationId, seq: ++run.seq, at: now().toISOString() } as RunEvent;
    if (event.type === 'message:delta') run.text += event.text;
    return writer.append(event, alsoInTx);
  }

  /** Saves the assistant's words and the run's status in the same transaction as the terminal event. */
  function finishing(run: ActiveRun, draft: RunEventDraft) {
    const status = draft.type === 'message:completed' ? 'completed' : draft.type === 'run:cancelled' ? 'cancelled' : 'error';
    return async (client: pg.PoolClient) => {
      await store.runs.finish(client, run.runId, status);
      const text = draft.type === 'message:completed' ? draft.text : run.text;
      if (draft.type === 'message:completed' || text) {
        await client.query(
          `INSERT INTO messages (id, conversation_id, run_id, role, text, status, usage) VALUES ($1, $2, $3, 'assistant', $4, $5, $6)`,
          [
            draft.type === 'message:completed' ? draft.messageId : randomUUID(),
            run.conversationId,
            run.runId,
            text,
            status === 'completed' ? 'complete' : status,
            draft.type === 'message:completed' ? JSON.stringify(draft.usage) : null,
          ],
        );
      }
      await client.query('UPDATE conversations SET updated_at = now() WHERE id = $1', [run.conversationId]);
    };
  }

  async function loadConversation(input: SendInput): Promise<ConversationRow> {
    if (input.conversationId) {
      const c = await store.conversations.get(input.conversationId, { workspaceId: input.workspaceId });
      if (!c) throw new ParleyError('conversation:not_found', { status: 404, userMessage: `No conversation with id ${input.conversationId}. Start a new one by sending without a conversationId.` });
      return c;
    }
    return store.conversations.create({
      id: randomUUID(),
      workspaceId: input.workspaceId,
      userId: input.userId,
      title: titleFrom(input.text),
      datasource: input.datasource ?? null,
      channel: input.channel,
    });
  }

  async function send(input: SendInput): Promise<SendResult> {
    if (!accepting) throw new ParleyError('run:shutdown', { status: 503 });
    refuseBeyondRole(input);
    // Every channel's messages count here; one refused, or turned away below, counts nowhere.
    const admission = await deps.limits?.consume({ workspaceId: input.workspaceId, userId: input.userId }, 'messages');
    try {
      return await start(input);
    } catch (e) {
      await admission?.refund();
      throw e;
    }
  }

  async function start(input: SendInput): Promise<SendResult> {
    // A datasource the send names is resolved before anything is written: an unknown one is
    // refused with nothing changed (no conversation made, none re-pointed).
    const named = input.datasource !== undefined ? await deps.resolveDatasource({ workspaceId: input.workspaceId, datasource: input.datasource }) : undefined;
    const conversation = await loadConversation(input);
    const conversationId = conversation.id;
    // Checked and reserved with no await in between, so two sends cannot both start a run.
    if (activeByConversation.has(conversationId) || reserved.has(conversationId)) throw new ParleyError('run:busy', { status: 409 });
    reserved.add(conversationId);
    try {
      if (input.datasource !== undefined && input.datasource !== conversation.datasource) await store.conversations.setDatasource(conversationId, input.datasource);
      if (input.attachments?.length) {
        if (!deps.attachFiles) throw new ParleyError('upload:unsupported', { status: 400, userMessage: 'This Parley cannot take files.' });
        await deps.attachFiles({ workspaceId: input.workspaceId, userId: input.userId }, conversationId, input.attachments.map((a) => a.uploadId));
      }
      const datasource = named ?? (await deps.resolveDatasource({ workspaceId: input.workspaceId, datasource: conversation.datasource, conversationId }));
      const files = await deps.resolveFiles?.(input.workspaceId, conversationId);
      const systemPrompt = deps.prompts.get('agent-system', deps.systemPromptVersion);
      const promptVersions = { [systemPrompt.id]: systemPrompt.version };
      const rendered = renderPrompt(systemPrompt, { today: now().toISOString().slice(0, 10), datasource: datasource.name, files: files ? await filesText(files) : 'This conversation has no uploaded files.' });
      const userMessageId = randomUUID();
      const runId = randomUUID();
      // The user's words are saved before anything else happens: nothing they wrote is lost.
      await store.conversations.addMessage({ id: userMessageId, conversationId, runId, role: 'user', text: input.text });
      await store.runs.create({ id: runId, conversationId, userMessageId, model: deps.modelName, prompts: promptVersions });
      input.onConversation?.(conversationId);

      const controller = new AbortController();
      const run: ActiveRun = { runId, conversationId, workspaceId: input.workspaceId, controller, seq: 0, text: '', done: undefined as unknown as Promise<RunOutcome> };
      active.set(runId, run);
      activeByConversation.set(conversationId, runId);
      run.done = executeRun({
        graph: deps.graph,
        conversationId,
        userMessageId,
        text: input.text,
        modelName: deps.modelName,
        prompts: promptVersions,
        signal: controller.signal,
        emit: async (draft) => {
          await record(run, draft, isTerminal(draft.type) ? finishing(run, draft) : undefined);
        },
        context: {
          systemPrompt: rendered,
          log,
          toolContext: (callId) => ({
            workspaceId: input.workspaceId,
            userId: input.userId,
            conversationId,
            runId,
            callId,
            question: input.text,
            datasource,
            ...(files ? { files } : {}),
            artifacts: {
              get: (id) => store.runs.conversationArtifact(conversationId, { id }) as Promise<StoredArtifact | undefined>,
              latest: (kind) => store.runs.conversationArtifact(conversationId, { kind }) as Promise<StoredArtifact | undefined>,
            },
            signal: controller.signal,
            progress: (message, pct) => void record(run, { type: 'tool:progress', callId, message, pct }),
            log,
            now,
            sqlRuns: deps.sqlRuns?.({ workspaceId: input.workspaceId, userId: input.userId, conversationId, runId, datasource }),
            // Viewers read drafts in chat like anywhere else, but their words never write one.
            campaigns: deps.campaigns?.({ workspaceId: input.workspaceId, userId: input.userId, conversationId, canEdit: !input.role || roleAtLeast(input.role, 'analyst') }),
            ...(deps.connected ? { connected: deps.connected({ workspaceId: input.workspaceId, datasource, signal: controller.signal }) } : {}),
          }),
          saveArtifact: async (artifact, callId) => {
            const id = randomUUID();
            await store.runs.saveArtifact({ id, conversationId, runId, callId, ...artifact });
            return id;
          },
        },
      })
        .catch(async (e: unknown) => {
          // executeRun reports its own failures; reaching here is a bug, still end the run cleanly.
          log.error({ err: e, runId }, 'run crashed');
          await record(run, { type: 'run:error', code: 'internal', message: 'Something went wrong inside Parley. The details are in the server log.' }, finishing(run, { type: 'run:error', code: 'internal', message: '' }));
          return { status: 'error' as const, text: run.text, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
        })
        .finally(() => {
          active.delete(runId);
          if (activeByConversation.get(conversationId) === runId) activeByConversation.delete(conversationId);
        });
      return { conversationId, runId, userMessageId, done: run.done };
    } finally {
      reserved.delete(conversationId);
    }
  }

  /** Cancels a run of the caller's workspace; false when there is no such running run. */
  function cancel(target: { runId?: string; conversationId?: string; workspaceId: string }): boolean {
    const runId = target.runId ?? (target.conversationId ? activeByConversation.get(target.conversationId) : undefined);
    const run = runId ? active.get(runId) : undefined;
    if (!run || run.workspaceId !== target.workspaceId || (target.conversationId && run.conversationId !== target.conversationId)) return false;
    run.controller.abort();
    return true;
  }

  function subscribe(conversationId: string, listener: RunEventListener): () => void {
    let set = listeners.get(conversationId);
    if (!set) listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) listeners.delete(conversationId);
    };
  }

  /**
   * Subscribes to a conversation and first replays the stored events of one run after `afterSeq`.
   * Live events that arrive during the replay are held back and de-duplicated by seq, so the
   * listener sees every event exactly once and in order.
   */
  async function join(
    conversationId: string,
    scope: Scope,
    opts: { runId?: string; afterSeq?: number },
    listener: RunEventListener,
  ): Promise<JoinResult> {
    const conversation = await store.conversations.get(conversationId, scope);
    if (!conversation) throw new ParleyError('conversation:not_found', { status: 404, userMessage: `No conversation with id ${conversationId}.` });
    const delivered = new Map<string, number>();
    const deliver = (e: RunEvent) => {
      if (e.seq <= (delivered.get(e.runId) ?? 0)) return;
      delivered.set(e.runId, e.seq);
      listener(e);
    };
    let held: RunEvent[] | null = [];
    const unsubscribe = subscribe(conversationId, (e) => (held ? held.push(e) : deliver(e)));
    try {
      const run = opts.runId ? await store.runs.get(opts.runId) : await store.runs.latest(conversationId);
      if (opts.runId && run?.conversationId !== conversationId) {
        throw new ParleyError('run:not_found', { status: 404, userMessage: `No run ${opts.runId} in this conversation.` });
      }
      const afterSeq = opts.afterSeq ?? 0;
      if (run) delivered.set(run.id, afterSeq);
      const events = run ? await store.runs.events(run.id, afterSeq) : [];
      events.forEach(deliver);
      const pending: RunEvent[] = held;
      held = null;
      pending.forEach(deliver);
      return { runId: run?.id ?? null, replayed: events.length, active: run ? active.has(run.id) : false, unsubscribe };
    } catch (e) {
      unsubscribe();
      throw e;
    }
  }

  /**
   * Runs left 'running' by a crash get their ending now: the words streamed so far are kept as
   * an interrupted message and a run:error says what happened.
   */
  async function recoverInterrupted(): Promise<number> {
    const stale = (await store.runs.findUnfinished()).filter((r) => !active.has(r.id));
    for (const r of stale) {
      const events = await store.runs.events(r.id);
      const text = events.map((e) => (e.type === 'message:delta' ? e.text : '')).join('');
      const run: ActiveRun = { runId: r.id, conversationId: r.conversationId, workspaceId: '', controller: new AbortController(), seq: r.lastSeq, text, done: Promise.resolve({ status: 'error', text, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } }) };
      const draft: RunEventDraft = { type: 'run:error', code: 'run:interrupted', message: 'This answer was interrupted because Parley restarted. Please ask again.' };
      await record(run, draft, async (client) => {
        await finishing(run, draft)(client);
        await client.query(`UPDATE runs SET status = 'interrupted' WHERE id = $1`, [r.id]);
        await client.query(`UPDATE messages SET status = 'interrupted' WHERE run_id = $1 AND role = 'assistant'`, [r.id]);
      });
    }
    if (stale.length) log.warn({ runs: stale.length }, 'marked runs interrupted by a restart');
    return stale.length;
  }

  /** Stops new runs, lets running ones finish for up to `graceMs`, then stops them; resolves when all is persisted. */
  async function shutdown(graceMs: number): Promise<void> {
    accepting = false;
    const running = [...active.values()];
    if (running.length) {
      log.info({ runs: running.length, graceMs }, 'waiting for running answers');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), graceMs)));
      const all = Promise.allSettled(running.map((r) => r.done));
      if ((await Promise.race([all, timedOut])) === 'timeout') {
        for (const r of active.values()) r.controller.abort(new ParleyError('run:shutdown'));
        await all;
      }
      clearTimeout(timer);
    }
    await writer.drain();
  }

  return {
    send,
    cancel,
    /** The datasource a workspace's conversations would use by that name (or the default). */
    resolveDatasource: deps.resolveDatasource,
    subscribe,
    join,
    recoverInterrupted,
    shutdown,
    isActive: (conversationId: string) => activeByConversation.get(conversationId) ?? null,
    get activeRuns() {
      return active.size;
    },
  };
}

export type ChatRuntime = ReturnType<typeof createChatRuntime>;
