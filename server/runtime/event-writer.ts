import type pg from 'pg';
import type { RunEvent } from '../../agent/events';
import type { Logger } from '../logger';
import type { Store } from '../store/store';

interface Pending {
  event: RunEvent;
  /** Runs in the same transaction as the event, e.g. saving the finished message. */
  alsoInTx?: (client: pg.PoolClient) => Promise<void>;
  resolve(persisted: boolean): void;
}

/**
 * Persists run events before anyone sees them. Events from every run queue here and are
 * written in batches (one INSERT for many events), then delivered in order. It never rejects:
 * a failed write is reported through `onFailure` so the runtime can stop the affected runs.
 */
export class EventWriter {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly deliver: (event: RunEvent) => void,
    private readonly log: Logger,
    private readonly onFailure: (runIds: string[], error: unknown) => void,
    private readonly maxBatch = 1000,
  ) {}

  append(event: RunEvent, alsoInTx?: Pending['alsoInTx']): Promise<boolean> {
    return new Promise((resolve) => {
      this.pending.push({ event, alsoInTx, resolve });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Resolves when everything queued so far is written and delivered. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushLoop(): Promise<void> {
    // Let the current tick queue more events, so one write carries many.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, this.maxBatch);
        const ok = await this.write(batch);
        for (const p of batch) {
          if (ok) {
            try {
              this.deliver(p.event);
            } catch (e) {
              this.log.error({ err: e, type: p.event.type }, 'delivering an event failed');
            }
          }
          p.resolve(ok);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async write(batch: Pending[]): Promise<boolean> {
    const client = await this.store.db.pool.connect().catch((e: unknown) => e as Error);
    if (client instanceof Error) {
      this.fail(batch, client);
      return false;
    }
    try {
      await client.query('BEGIN');
      await this.store.runs.appendEvents(client, batch.map((p) => p.event));
      for (const p of batch) if (p.alsoInTx) await p.alsoInTx(client);
      await client.query('COMMIT');
      return true;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      this.fail(batch, e);
      return false;
    } finally {
      client.release();
    }
  }

  private fail(batch: Pending[], error: unknown) {
    const runIds = [...new Set(batch.map((p) => p.event.runId))];
    this.log.error({ err: error, runIds, events: batch.length }, 'persisting run events failed');
    this.onFailure(runIds, error);
  }
}
