import type { Core } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';
import { isPostgres, newDocumentId, tableOf } from '../db';
import { redact } from './redact';
import type { LiveBusKind, LiveEvent, LivePayload, LiveTransport } from './types';

/**
 * The journal of live events (`plugin::whatsapp.live-event`, table `whatsapp_live_events`) and
 * the transport built on it, shared by the PostgreSQL and Redis buses.
 *
 * Every event is one row; its id is the event's seq everywhere. On PostgreSQL, inserts take a
 * transaction-level advisory lock, so rows commit in id order: an instance that has seen id n has
 * seen every committed id below it, and "everything after my last id" is a complete answer — for
 * replay after a reconnect (Last-Event-ID, on any instance) and for catching up after the
 * instance's own connection to the bus dropped. The signal (NOTIFY, or a Redis message) only says
 * "there is news up to id n", and may carry the event itself when it is small.
 */

/** Rows kept for replay: at least the newest one, at most this many … */
export const JOURNAL_KEEP_EVENTS = 1000;
/** … and none older than this (a client away longer refetches). */
export const JOURNAL_KEEP_MS = 60 * 60_000;
/** How often each instance prunes the journal and, as a safety net, looks for events it missed. */
export const JOURNAL_TICK_MS = 60_000;
const FETCH_BATCH = 200;

interface JournalRow {
  id: number;
  name: string;
  payload: string | null;
}

export function journalTable(strapi: Core.Strapi) {
  const { table, column } = tableOf(strapi, UID.liveEvent);
  const knex = () => strapi.db.connection;
  const cols = { documentId: column('documentId'), name: column('eventName'), payload: column('payload'), createdAt: column('createdAt') };

  const toEvent = (row: JournalRow): LiveEvent => {
    let payload: LivePayload = {};
    try {
      payload = row.payload ? JSON.parse(row.payload) : {};
    } catch {
      /* a row written by something else: delivered without data */
    }
    return { seq: Number(row.id), name: row.name, payload };
  };

  const select = () => knex()(table).select('id', `${cols.name} as name`, `${cols.payload} as payload`);

  interface Queued {
    name: string;
    payloadText: string;
    notify?: { channel: string; suffix: string };
    resolve: (id: number) => void;
    reject: (error: unknown) => void;
  }
  const queue: Queued[] = [];
  /** A write is under way, or one is scheduled for the end of this turn of the event loop. */
  let writing = false;
  const ROWS_PER_WRITE = 500;

  /** Writes queued events, in order, in one statement per write; answers their ids in order. */
  const write = async (rows: Queued[]): Promise<number[]> => {
    const now = new Date();
    if (isPostgres(strapi)) {
      const notify = rows[0].notify;
      const values = rows.map(() => '(?, ?, ?, ?::timestamptz, ?::int)').join(', ');
      const bindings = rows.flatMap((row, i) => [newDocumentId(), row.name, row.payloadText, now, i]);
      // One event alone may ride inline in its notification (`<id>|<event json>`); for several,
      // the notification names the newest id and listeners read the rows (signals stay ordered).
      const suffix = rows.length === 1 && notify ? notify.suffix : '';
      const result = await knex().raw(
        `WITH journal_lock AS (SELECT pg_advisory_xact_lock(hashtext(?))),
              v (document_id, event_name, payload, created_at, ord) AS (VALUES ${values}),
              inserted AS (
                INSERT INTO ?? (??, ??, ??, ??)
                SELECT v.document_id, v.event_name, v.payload, v.created_at FROM v, journal_lock ORDER BY v.ord
                RETURNING id
              )
         SELECT array_agg(id ORDER BY id) AS ids${notify ? ', pg_notify(?, max(id)::text || ?)' : ''} FROM inserted`,
        [table, ...bindings, table, cols.documentId, cols.name, cols.payload, cols.createdAt, ...(notify ? [notify.channel, suffix] : [])]
      );
      return (result.rows[0].ids as (number | string)[]).map(Number);
    }
    const ids: number[] = [];
    // SQLite has a single writer: rows inserted in order get increasing ids.
    for (const row of rows) {
      const inserted = await knex()(table).insert(
        { [cols.documentId]: newDocumentId(), [cols.name]: row.name, [cols.payload]: row.payloadText, [cols.createdAt]: now },
        ['id']
      );
      const first = inserted[0] as { id: number } | number;
      ids.push(Number(typeof first === 'object' ? first.id : first));
    }
    return ids;
  };

  const drain = async () => {
    writing = true;
    try {
      while (queue.length) {
        const rows = queue.splice(0, ROWS_PER_WRITE);
        try {
          const ids = await write(rows);
          rows.forEach((row, i) => row.resolve(ids[i]));
        } catch (error) {
          for (const row of rows) row.reject(error);
        }
      }
    } finally {
      writing = false;
    }
  };

  return {
    table,

    /**
     * Inserts an event; on PostgreSQL in one statement that takes the journal's advisory lock
     * first (ids commit in order) and, given `notify`, sends the NOTIFY in the same transaction
     * (PostgreSQL delivers it at commit, so listeners never hear of a row they cannot read).
     * Group commit: events published while a write is under way go together in the next one (one
     * commit, one NOTIFY naming the newest id, listeners catch up from the table), in the order
     * they were published; a processed batch of webhooks announces hundreds at once.
     */
    insert(name: string, payloadText: string, notify?: { channel: string; suffix: string }): Promise<number> {
      return new Promise<number>((resolve, reject) => {
        queue.push({ name, payloadText, notify, resolve, reject });
        if (writing) return;
        // The first event waits for the rest of the turn: a processed batch publishes its events
        // in one go, and they then share one statement and one commit instead of two.
        writing = true;
        setImmediate(() => void drain());
      });
    },

    async newestId(): Promise<number> {
      const row = await knex()(table).max({ id: 'id' }).first();
      return Number(row?.id ?? 0);
    },

    async oldestId(): Promise<number | null> {
      const row = await knex()(table).min({ id: 'id' }).first();
      return row?.id === null || row?.id === undefined ? null : Number(row.id);
    },

    /** Events with after < id ≤ upTo (upTo omitted: no limit), oldest first, at most `limit`. */
    async range(after: number, upTo: number | undefined, limit: number): Promise<LiveEvent[]> {
      let query = select().where('id', '>', after);
      if (upTo !== undefined) query = query.andWhere('id', '<=', upTo);
      const rows = (await query.orderBy('id', 'asc').limit(limit)) as JournalRow[];
      return rows.map(toEvent);
    },

    async one(id: number): Promise<LiveEvent | null> {
      const row = (await select().where('id', id).first()) as JournalRow | undefined;
      return row ? toEvent(row) : null;
    },

    /** Keeps the newest row always (replay needs to know where the journal stands). */
    async prune(now = Date.now()): Promise<number> {
      const newest = await this.newestId();
      if (!newest) return 0;
      return knex()(table)
        .where('id', '<', newest)
        .andWhere((q) => q.where('id', '<=', newest - JOURNAL_KEEP_EVENTS).orWhere(cols.createdAt, '<', new Date(now - JOURNAL_KEEP_MS)))
        .del();
    },
  };
}

export type Journal = ReturnType<typeof journalTable>;

/** How a journal transport hears about new rows (LISTEN/NOTIFY, Redis pub/sub). */
export interface JournalSignal {
  /** Signals arrive in id order (NOTIFY: commit order, which the advisory lock makes id order). */
  readonly ordered: boolean;
  /** Inserts the row and signals it; resolves with its id. */
  publish(journal: Journal, name: string, payloadText: string): Promise<number>;
  /** Opens the connection (and keeps reopening it); `connected` after each (re)connect. */
  connect(handlers: { signal(id: number, inline?: LiveEvent): void; connected(): void; disconnected(): void }): Promise<void>;
  close(): Promise<void>;
}

/** A transport over the journal; the signal decides how instances are woken. */
export function journalTransport(strapi: Core.Strapi, kind: LiveBusKind, signal: JournalSignal): LiveTransport {
  const journal = journalTable(strapi);
  let deliver: ((event: LiveEvent) => void) | undefined;
  let received = 0;
  let startedAt = 0;
  // Until the first catch-up after a (re)connect, a signal's inline event may follow a gap.
  let stale = true;
  let chain: Promise<void> = Promise.resolve();
  let tick: NodeJS.Timeout | undefined;
  let stopped = false;

  const logError = (what: string, error: unknown) =>
    strapi.log.error(`[whatsapp] live updates (${kind}): ${what}: ${redact(strapi, (error as Error)?.message ?? String(error))}`);

  /** Serialises everything that delivers, so events leave in id order and exactly once. */
  const enqueue = (task: () => Promise<void> | void) => {
    chain = chain.then(task).catch((error) => {
      logError('delivery failed', error);
    });
    return chain;
  };

  const hand = (event: LiveEvent) => {
    if (event.seq <= received) return;
    received = event.seq;
    deliver?.(event);
  };

  async function catchUp(upTo?: number) {
    for (;;) {
      const events = await journal.range(received, upTo, FETCH_BATCH);
      for (const event of events) hand(event);
      if (events.length < FETCH_BATCH) return;
    }
  }

  const onSignal = (id: number, inline?: LiveEvent) =>
    void enqueue(async () => {
      if (stopped || id <= received) return;
      if (inline && signal.ordered && !stale) hand(inline);
      else await catchUp(id);
    });

  return {
    kind,

    async start(onEvent) {
      deliver = onEvent;
      received = await journal.newestId();
      startedAt = received;
    },

    async connect() {
      tick = setInterval(() => {
        void journal.prune().catch((error) => logError('pruning the journal failed', error));
        void enqueue(() => catchUp());
      }, JOURNAL_TICK_MS);
      tick.unref?.();
      await signal.connect({
        signal: onSignal,
        connected: () => {
          void enqueue(async () => {
            await catchUp();
            stale = false;
          });
        },
        disconnected: () => {
          stale = true;
        },
      });
    },

    async publish(name, payload) {
      try {
        const payloadText = JSON.stringify(payload);
        const seq = await signal.publish(journal, name, payloadText);
        // This instance's own event, committed: when it directly follows the last one delivered,
        // it is delivered from memory rather than read back when its signal comes (which is then
        // ignored). Otherwise the signal's catch-up delivers it, after what came before it.
        void enqueue(() => {
          if (!stopped && !stale && seq === received + 1) hand({ seq, name, payload: JSON.parse(payloadText) });
        });
        return seq;
      } catch (error) {
        logError(`could not publish ${name}`, error);
        return undefined;
      }
    },

    head: () => startedAt,

    idOf: (n: number) => String(n),

    seqOf(id: string) {
      return /^\d{1,15}$/.test(id) ? Number(id) : null;
    },

    async replay(after: number, upTo: number) {
      const [oldest, newest] = [await journal.oldestId(), await journal.newestId()];
      // Nothing was ever written: only "before anything" is a position we know.
      if (oldest === null) return after === 0 ? [] : null;
      // An id this journal never reached (another database, or one reset since), or pruned away.
      if (after > newest || after + 1 < oldest) return null;
      if (after >= upTo) return [];
      const events = await journal.range(after, upTo, JOURNAL_KEEP_EVENTS + 1);
      return events.length > JOURNAL_KEEP_EVENTS ? null : events;
    },

    async stop() {
      stopped = true;
      if (tick) clearInterval(tick);
      tick = undefined;
      await signal.close().catch((error) => logError('closing', error));
      await chain;
      deliver = undefined;
    },
  };
}
