import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { newDocumentId, supportsReturning, tableOf } from '../core/db';
import { createGroupCommit } from '../core/group-commit';
import { PAIR_BURST, PAIR_INTERVAL_MS, PairLimiter } from './rate-limit';

/**
 * The pair rate limit (docs/whatsapp-cloud-api.md#pair-rate-limit: about one message per 6 s from
 * one business number to one user, short bursts borrowed from what follows, 131056 over it),
 * kept in the database (`whatsapp_pair_schedules`) so that every Strapi instance on it draws from
 * one schedule per pair, like the per-number send schedule (send-ledger.ts). Before, each process
 * kept its own, and two instances could each send a customer a full burst.
 *
 * The model is PairLimiter's (rate-limit.ts), a virtual schedule: each message moves the pair's
 * `next_free_ms` on by one interval from now (or from where it was, if later); a message may go
 * when that lies at most `burst - 1` intervals ahead. A take is one atomic statement on both
 * databases, so two instances taking the same pair at once cannot both pass:
 *
 *   INSERT … VALUES (key, now + interval)
 *   ON CONFLICT (pair_key) DO UPDATE SET next_free_ms = max(next_free_ms, now) + interval
 *     WHERE next_free_ms - now <= (burst - 1) × interval
 *   RETURNING pair_key
 *
 * PostgreSQL locks the conflicting row and re-checks the WHERE on its latest version; SQLite runs
 * one writer at a time. A key that does not come back was over its limit and nothing was written;
 * its wait is read afterwards. Takes arriving together share one statement (group commit), with
 * their keys sorted so that two instances lock shared rows in the same order (no deadlock).
 *
 * MySQL (no RETURNING) takes the same slot under a row lock in a transaction instead.
 *
 * Unlike the send schedule, this one is shared on SQLite too: one write per message sent, where
 * the number's schedule would need one per slot.
 *
 * Instances must have their clocks in sync (NTP), as for the send schedule. If the database
 * cannot be reached, this process keeps the limit on its own meanwhile (and says so once a minute);
 * Meta's 131056 (retried with back-off, outbound/failures.ts) is then the backstop.
 */

export interface PairLedger {
  /** Takes a slot for `key` now and resolves 0, or resolves how long (ms) until one is free, taking nothing. */
  tryTake(key: string): Promise<number>;
  /** Drops the schedules that lie in the past: they hold nothing a fresh pair does not. */
  prune(): Promise<number>;
}

export interface PairLedgerOptions {
  intervalMs?: number;
  burst?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** Most keys in one statement: far below SQLite's and PostgreSQL's bound-parameter limits. */
const MAX_KEYS_PER_STATEMENT = 100;
const STATEMENTS_IN_FLIGHT = 2;

export function createPairLedger(strapi: Core.Strapi, options: PairLedgerOptions = {}): PairLedger {
  const intervalMs = options.intervalMs ?? PAIR_INTERVAL_MS;
  const burst = options.burst ?? PAIR_BURST;
  const now = options.now ?? Date.now;
  const limitMs = (burst - 1) * intervalMs;
  const local = new PairLimiter({ now }, intervalMs, burst);
  const knex = () => strapi.db.connection as any;
  /** Built on first use: the database metadata exists only after Strapi loaded. */
  let names: { table: string; key: string; next: string; columns: Record<string, string> } | undefined;
  const namesOf = () => {
    if (!names) {
      const { table, column } = tableOf(strapi, UID.pairSchedule);
      names = {
        table,
        key: column('pairKey'),
        next: column('nextFreeMs'),
        columns: { documentId: column('documentId'), createdAt: column('createdAt'), updatedAt: column('updatedAt'), publishedAt: column('publishedAt') },
      };
    }
    return names;
  };

  /** The wait of a pair whose schedule is at `nextFree` (0: it has room now). */
  const waitOf = (nextFree: number, at: number) => Math.max(0, Math.ceil(Math.max(nextFree, at) - at - limitMs));

  /**
   * Databases without UPDATE … RETURNING (MySQL, untested): the same take under a row lock, in
   * one transaction, keys in sorted order.
   */
  const takeLocked = async (keys: string[]): Promise<Map<string, number>> => {
    const { table, key, next, columns } = namesOf();
    const at = Math.floor(now());
    const stamp = new Date(at);
    const waits = new Map<string, number>();
    await knex().transaction(async (trx: any) => {
      for (const k of keys) {
        await trx(table)
          .insert({ [key]: k, [next]: at, [columns.documentId]: newDocumentId(), [columns.createdAt]: stamp, [columns.updatedAt]: stamp, [columns.publishedAt]: stamp })
          .onConflict(key)
          .ignore();
        const row = await trx(table).select(next).where(key, k).forUpdate().first();
        const nextFree = Number(row?.[next] ?? at);
        const wait = waitOf(nextFree, at);
        if (wait === 0) await trx(table).where(key, k).update({ [next]: Math.max(nextFree, at) + intervalMs, [columns.updatedAt]: stamp });
        waits.set(k, wait === 0 ? 0 : Math.max(1, wait));
      }
    });
    return waits;
  };

  /** One statement for distinct keys: the wait of each (0 = taken). */
  const takeDistinct = async (keys: string[]): Promise<Map<string, number>> => {
    if (!supportsReturning(strapi)) return takeLocked(keys);
    const { table, key, next, columns } = namesOf();
    const at = Math.floor(now());
    const stamp = new Date(at);
    const values = keys.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
    const bindings: unknown[] = [table, key, next, columns.documentId, columns.createdAt, columns.updatedAt, columns.publishedAt];
    for (const k of keys) bindings.push(k, at + intervalMs, newDocumentId(), stamp, stamp, stamp);
    bindings.push(key, next, table, next, at, at, table, next, intervalMs, columns.updatedAt, stamp, table, next, at, limitMs, key);
    const result = await knex().raw(
      `INSERT INTO ?? (??, ??, ??, ??, ??, ??) VALUES ${values}
       ON CONFLICT (??) DO UPDATE SET ?? = (CASE WHEN ??.?? < ? THEN ? ELSE ??.?? END) + ?, ?? = ?
       WHERE ??.?? - ? <= ?
       RETURNING ??`,
      bindings
    );
    // PostgreSQL answers { rows }, better-sqlite3 the rows themselves.
    const rows: Record<string, unknown>[] = Array.isArray(result) ? result : result?.rows ?? [];
    const taken = new Set(rows.map((row) => String(row[key])));
    const waits = new Map<string, number>();
    const refused = keys.filter((k) => !taken.has(k));
    for (const k of keys) if (taken.has(k)) waits.set(k, 0);
    if (refused.length) {
      const current = await knex()(table).select(key, next).whereIn(key, refused);
      const nextOf = new Map<string, number>(current.map((row: Record<string, unknown>) => [String(row[key]), Number(row[next])]));
      // A row gone meanwhile (pruned) is free again: a short wait and the next claim takes it.
      for (const k of refused) waits.set(k, Math.max(1, waitOf(nextOf.get(k) ?? at, at)));
    }
    return waits;
  };

  const takes = createGroupCommit<string, number>(
    async (keys) => {
      const waits: number[] = new Array(keys.length);
      // The same key twice in one statement is an error on PostgreSQL: later ones go in a next round.
      let pending = keys.map((k, i) => ({ k, i }));
      while (pending.length) {
        const round = new Map<string, number[]>();
        const later: typeof pending = [];
        for (const item of pending) {
          if (round.has(item.k)) later.push(item);
          else if (round.size < MAX_KEYS_PER_STATEMENT) round.set(item.k, [item.i]);
          else later.push(item);
        }
        const sorted = [...round.keys()].sort();
        const result = await takeDistinct(sorted);
        for (const [k, [i]] of round) waits[i] = result.get(k) ?? 1;
        pending = later;
      }
      return waits;
    },
    { maxBatch: 500, maxInFlight: STATEMENTS_IN_FLIGHT }
  );

  let lastErrorReport = 0;
  return {
    async tryTake(key: string): Promise<number> {
      try {
        return await takes.add(key);
      } catch (error) {
        if (now() - lastErrorReport > 60_000) {
          lastErrorReport = now();
          options.onError?.(error);
        }
        return local.tryTake(key);
      }
    },

    async prune(): Promise<number> {
      const { table, next } = namesOf();
      return Number(await knex()(table).where(next, '<', Math.floor(now())).delete());
    },
  };
}
