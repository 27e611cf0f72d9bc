import type { Core } from '@strapi/strapi';
import { UID } from '../uids';

/**
 * Claiming due outbox rows so that two workers (two Strapi instances on one database) never take
 * the same message. A claim writes a per-claim token into `locked_by` with `locked_at`; the row
 * stays `queued` until the worker is about to call Meta, when a conditional update moves it to
 * `sending` only if the token is still its own (`markSending`). A claim whose worker died expires
 * after LEASE_MS and the row becomes claimable again; it was never sent, so that is safe.
 *
 * - PostgreSQL / MySQL: `SELECT … FOR UPDATE SKIP LOCKED` in a transaction, then the update: a
 *   concurrent claimer skips rows another transaction holds instead of waiting for them.
 * - SQLite: one `UPDATE … WHERE id IN (SELECT … LIMIT n)`; SQLite runs one writer at a time, so
 *   the statement is atomic.
 */

/** A claimed row not moved to `sending` within this time is considered abandoned. */
export const LEASE_MS = 5 * 60 * 1000;

const TABLE = 'whatsapp_messages';

const dueRows = (knex: any, now: Date) =>
  knex(TABLE)
    .select('id')
    .where({ direction: 'outbound', status: 'queued' })
    .andWhere((q: any) => q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))
    .andWhere((q: any) => q.whereNull('locked_at').orWhere('locked_at', '<', new Date(now.getTime() - LEASE_MS)));

export interface ClaimedMessage {
  id: number;
  /** `{phoneNumberId}:{waId}`: messages of one conversation are sent one after another, in order. */
  conversationKey: string | null;
}

export async function claimDueMessages(strapi: Core.Strapi, token: string, limit: number, now = new Date()): Promise<ClaimedMessage[]> {
  const knex = strapi.db.connection as any;
  const client = String(strapi.db.dialect.client);

  if (client === 'sqlite' || client === 'better-sqlite3') {
    const subquery = dueRows(knex, now).orderBy([{ column: 'priority', order: 'desc' }, { column: 'id', order: 'asc' }]).limit(limit);
    await knex(TABLE).whereIn('id', subquery).update({ locked_by: token, locked_at: now });
  } else {
    await knex.transaction(async (trx: any) => {
      const rows = await dueRows(trx, now)
        .orderBy([{ column: 'priority', order: 'desc' }, { column: 'id', order: 'asc' }])
        .limit(limit)
        .forUpdate()
        .skipLocked();
      const ids = rows.map((row: { id: number }) => row.id);
      if (ids.length > 0) await trx(TABLE).whereIn('id', ids).update({ locked_by: token, locked_at: now });
    });
  }
  const claimed = await knex(TABLE)
    .select('id', 'conversation_key')
    .where({ locked_by: token, status: 'queued' })
    .orderBy([{ column: 'priority', order: 'desc' }, { column: 'id', order: 'asc' }]);
  return claimed.map((row: { id: number; conversation_key: string | null }) => ({ id: Number(row.id), conversationKey: row.conversation_key }));
}

/**
 * The only way into `sending`: succeeds (true) for exactly one worker, the one holding the claim,
 * and only while the row is still queued. Counts the attempt in the same statement.
 */
export async function markSending(strapi: Core.Strapi, id: number, token: string, attempts: number, now = new Date()): Promise<boolean> {
  const { count } = await strapi.db.query(UID.message).updateMany({
    where: { id, lockedBy: token, status: 'queued' },
    data: { status: 'sending', sendingAt: now, attempts: attempts + 1, lockedAt: now },
  });
  return count === 1;
}

/** Gives a claimed row back untouched (pair limit, shutdown), optionally for later. */
export async function releaseClaim(strapi: Core.Strapi, id: number, token: string, nextAttemptAt?: Date): Promise<void> {
  await strapi.db.query(UID.message).updateMany({
    where: { id, lockedBy: token, status: 'queued' },
    data: { lockedBy: null, lockedAt: null, ...(nextAttemptAt ? { nextAttemptAt } : {}) },
  });
}

/**
 * Rows left in `sending` by a worker that died (the process stopped between "about to call Meta"
 * and "stored Meta's answer"). Meta may or may not have the message, so they go to `review` for a
 * person to decide, never back to the queue. A live worker keeps a row in `sending` for at most
 * one request timeout, so anything older than `staleAfterMs` is orphaned, whichever instance
 * owned it.
 */
export async function sweepOrphans(strapi: Core.Strapi, staleAfterMs: number, now = new Date()): Promise<number[]> {
  const cutoff = new Date(now.getTime() - staleAfterMs);
  const stale = await strapi.db.query(UID.message).findMany({
    where: { direction: 'outbound', status: 'sending', sendingAt: { $lt: cutoff } },
    select: ['id'],
    limit: 1000,
  });
  const ids = stale.map((row: { id: number }) => row.id);
  if (ids.length === 0) return [];
  await strapi.db.query(UID.message).updateMany({
    where: { id: { $in: ids }, status: 'sending', sendingAt: { $lt: cutoff } },
    data: {
      status: 'review',
      lockedBy: null,
      lockedAt: null,
      errorCode: null,
      errorTitle: 'Outcome unknown: the server stopped while sending',
      errorDetails:
        'Strapi stopped after calling WhatsApp and before storing the answer, so the message may or may not have been sent. It is not resent automatically: check the conversation, then retry it or leave it.',
    },
  });
  return ids;
}
