/**
 * The change stream of cases. Every write to a case adds a row to the `incident_changes` outbox in the same
 * transaction (see migration 005); a sequencer numbers the rows of finished transactions in order, and each
 * API process runs one feed that sequences and reads new rows — woken by PostgreSQL NOTIFY on a real server,
 * and by a short poll everywhere (the embedded database, and any notification lost while the listening
 * connection was down) — and hands them to its subscribers. A subscriber resuming from id n first reads what
 * came after n from the table, then follows the feed, skipping what it has already had: no gaps, no
 * duplicates, whichever process wrote the change.
 */
import pg from 'pg';
import type { DatabaseKind } from '../db/database';
import { query, queryOne } from '../sql';
import type { SqlRows } from '../sql/rows';
import { inTransaction } from '../db/transaction';

/** The sequencer announces new ids here (writers do not notify: their own process's feed sequences). */
export const CHANGES_CHANNEL = 'incident_changes';
/** Any constant shared by all API processes: the transaction-scoped lock of the sequencer. */
const SEQUENCER_LOCK = 4_104_201;

export interface CaseChange {
  id: number;
  incidentId: number;
  at: string;
  gridCode: string;
  departmentCode: string | null;
  action: string;
  status: string;
  caseNo: string;
  typeCode: string;
  level: string;
  priority: number;
  lng: number;
  lat: number;
}

/**
 * Record a change of a case inside the caller's transaction (no lock: it is numbered after COMMIT, by the
 * writer's feed when the writer calls afterCaseCommit, else by any feed's poll).
 */
export async function recordChange(client: pg.ClientBase, incidentId: number, action: string): Promise<void> {
  await query(client, 'incident-change-insert', [incidentId, action]);
}

/**
 * Number the changes of finished transactions, in insertion order, after every id given so far. One
 * sequencer at a time (a transaction-scoped advisory lock); a caller that finds it busy leaves the work to
 * the one running, which announces the new ids. Returns the newest id given, or null if none.
 */
export async function sequenceChanges(pool: pg.Pool): Promise<number | null> {
  const last = await inTransaction(pool, async (client) => {
    const lock = await client.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [SEQUENCER_LOCK]);
    if (!lock.rows[0].got) return null;
    return (await queryOne(client, 'incident-changes-sequence'))?.last ?? null;
  });
  if (last !== null) await pool.query(`SELECT pg_notify('${CHANGES_CHANNEL}', $1)`, [String(last)]);
  return last;
}

function toChange(r: SqlRows['incident-changes-after']): CaseChange {
  return { ...r, at: r.at.toISOString() };
}

/**
 * How far back incident.live replays: a client resuming from an older id (or from "0") gets the changes of the
 * last LIVE_REPLAY_HOURS hours, not the whole history; its greeting says so (`truncated`), and it reloads what
 * it shows. The outbox keeps older rows; they are no longer a stream's to replay. (A first screen's `backlog`
 * is bounded by its count instead.)
 */
export const LIVE_REPLAY_HOURS = 24;

/** The oldest id a resumed stream starts after (see LIVE_REPLAY_HOURS). */
export async function replayFloor(pool: pg.Pool, hours = LIVE_REPLAY_HOURS): Promise<number> {
  return (await queryOne(pool, 'incident-changes-floor', [hours]))?.floor ?? 0;
}

export async function changesAfter(pool: pg.Pool, afterId: number, limit = 1000): Promise<CaseChange[]> {
  return (await query(pool, 'incident-changes-after', [afterId, limit])).map(toChange);
}

export async function lastChangeId(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ id: number | null }>('SELECT max(id) AS id FROM incident_changes');
  return rows[0].id ?? 0;
}

type Listener = (change: CaseChange) => void;

export interface ChangeFeedOptions {
  pool: pg.Pool;
  kind: DatabaseKind;
  /** For the dedicated LISTEN connection on a real server. */
  connectionString?: string;
  /** How often to look for changes without a notification (ms). */
  pollMs?: number;
  /** Called with each batch of new changes, before subscribers get them. */
  onChanges?: (changes: CaseChange[]) => void;
}

/** One per API process: reads the outbox in id order and fans changes out to in-process subscribers. */
export class ChangeFeed {
  private last = 0;
  private listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private listenClient: pg.Client | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Its own connections on a real server, so busy request traffic does not hold the feed up. */
  private readPool: pg.Pool | undefined;
  private started = false;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** The id of the newest change this feed has passed on. */
  get position(): number {
    return this.last;
  }

  async start(): Promise<void> {
    if (this.options.kind === 'postgres' && this.options.connectionString) {
      this.readPool = new pg.Pool({ connectionString: this.options.connectionString, max: 2 });
      this.readPool.on('error', () => {});
    }
    this.last = await lastChangeId(this.pool);
    this.started = true;
    const pollMs = this.options.pollMs ?? (this.options.kind === 'embedded' ? 150 : 1000);
    this.timer = setInterval(() => this.poke(), pollMs);
    this.timer.unref();
    if (this.options.kind === 'postgres' && this.options.connectionString) await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.connectionString });
    client.on('notification', () => this.poke());
    client.on('error', () => {
      // Lost connection: the poll carries on; listen again shortly.
      client.end().catch(() => {});
      if (this.listenClient === client) this.listenClient = undefined;
      setTimeout(() => this.listen().catch(() => {}), 1000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      this.listenClient = client;
      this.poke();
    } catch {
      client.end().catch(() => {});
      setTimeout(() => this.listen().catch(() => {}), 1000).unref();
    }
  }

  /** Read what is new now (called after a local commit, on a notification and by the poll). */
  poke(): void {
    if (this.stopped || !this.started) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.read()
      .catch(() => {}) // the next poke retries
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private get pool(): pg.Pool {
    return this.readPool ?? this.options.pool;
  }

  private async read(): Promise<void> {
    await sequenceChanges(this.pool);
    for (;;) {
      const batch = await changesAfter(this.pool, this.last);
      if (batch.length) this.options.onChanges?.(batch);
      for (const change of batch) {
        this.last = change.id;
        for (const listener of this.listeners) listener(change);
      }
      if (batch.length < 1000) return;
    }
  }

  /**
   * Changes after `afterId` (from the table), then live ones as they come, in id order, each once, in
   * batches (what one read of the outbox brought). Ends when the signal aborts.
   */
  async *follow(afterId: number | null, signal?: AbortSignal): AsyncGenerator<CaseChange[]> {
    let queue: CaseChange[] = [];
    let wake: (() => void) | undefined;
    const listener: Listener = (c) => {
      queue.push(c);
      wake?.();
    };
    this.listeners.add(listener);
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      // Attached before reading the backlog, so nothing falls between the two; the id check drops overlaps.
      let sent = afterId ?? this.last;
      if (afterId !== null) {
        for (;;) {
          const backlog = await changesAfter(this.options.pool, sent);
          if (signal?.aborted) return;
          if (backlog.length) {
            sent = backlog[backlog.length - 1].id;
            yield backlog;
          }
          if (backlog.length < 1000) break;
        }
      }
      while (!signal?.aborted && !this.stopped) {
        if (!queue.length) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        const batch = queue.filter((c) => c.id > sent);
        queue = [];
        if (!batch.length) continue;
        sent = batch[batch.length - 1].id;
        yield batch;
      }
    } finally {
      this.listeners.delete(listener);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const l of this.listeners) l({ id: -1 } as CaseChange); // wake followers so they end
    await this.reading;
    await this.listenClient?.end().catch(() => {});
    await this.readPool?.end().catch(() => {});
  }
}
