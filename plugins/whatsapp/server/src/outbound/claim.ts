import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { isPostgres, isSqlite, linkTableOf, supportsReturning, tableOf } from '../core/db';

/**
 * The outbox's database side, in plain knex: the worker's hot path runs a handful of statements
 * per message (claim, mark sending, store the answer), where Strapi's query engine would run
 * several each (a read before and after every update, relation joins).
 *
 * Claiming: two workers (two Strapi instances on one database) never take the same message. A
 * claim writes a per-claim token into `locked_by` with `locked_at`; the row stays `queued` until
 * the worker is about to call Meta, when a conditional update moves it to `sending` only if the
 * token is still its own (`markSending`). A live worker renews its claims while they wait for
 * their number's throughput (`renewClaims`); a claim whose worker died expires after the lease
 * (`outboxLeaseMs`, LEASE_MS by default) and the row becomes claimable again; it was never sent,
 * so that is safe.
 * - PostgreSQL / MySQL: `SELECT … FOR UPDATE SKIP LOCKED` in a transaction, then the update: a
 *   concurrent claimer skips rows another transaction holds instead of waiting for them.
 * - SQLite: one `UPDATE … WHERE id IN (SELECT … LIMIT n)`; SQLite runs one writer at a time, so
 *   the statement is atomic.
 */

/**
 * By default, a claimed row not moved to `sending` within this time is considered abandoned
 * (the `outboxLeaseMs` setting; core/config/schema.ts).
 */
export const LEASE_MS = 5 * 60 * 1000;

/** What the worker needs of a claimed message. */
export interface ClaimedMessage {
  id: number;
  documentId: string;
  type: string;
  /** `{phoneNumberId}:{waId}`: messages of one conversation are sent one after another, in order. */
  conversationKey: string | null;
  businessPhoneNumberId: string;
  customerWaId: string | null;
  payload: Record<string, any>;
  attempts: number;
  maxAttempts: number | null;
  mediaId: string | null;
  templateId: number | null;
  /**
   * The template's name, language and category as they are at claim time (one query per claim,
   * not per message): the send is routed on the category Meta gives it now (outbox.ts).
   */
  template: { name: string; language: string; category: string | null } | null;
  /** For the events the outbox emits, which it builds without reading the row again. */
  tenantId: number | null;
  customerId: number | null;
}

type LinkTable = ReturnType<typeof linkTableOf>;
type LinkedId = 'templateId' | 'tenantId' | 'customerId';

interface Columns {
  table: string;
  c: (attribute: string) => string;
  links: Record<LinkedId, LinkTable>;
}

const cache = new WeakMap<object, Columns>();

function columnsOf(strapi: Core.Strapi): Columns {
  const cached = cache.get(strapi);
  if (cached) return cached;
  const { table, column } = tableOf(strapi, UID.message);
  const columns: Columns = {
    table,
    c: column,
    links: {
      templateId: linkTableOf(strapi, UID.message, 'template'),
      tenantId: linkTableOf(strapi, UID.message, 'tenant'),
      customerId: linkTableOf(strapi, UID.message, 'customer'),
    },
  };
  cache.set(strapi, columns);
  return columns;
}

export interface AcceptedResult {
  wamid: string;
  waId?: string;
  input?: string;
  messageStatus?: string;
}

const parseJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

export function createOutboxStore(strapi: Core.Strapi, { leaseMs = LEASE_MS }: { leaseMs?: number } = {}) {
  const knex = () => strapi.db.connection as any;
  const { table, c, links } = columnsOf(strapi);
  const order = [
    { column: c('priority'), order: 'desc' },
    { column: 'id', order: 'asc' },
  ];

  const dueRows = (db: any, now: Date, limit: number) =>
    db(table)
      .select('id')
      .where({ [c('direction')]: 'outbound', [c('deliveryStatus')]: 'queued' })
      .andWhere((q: any) => q.whereNull(c('nextAttemptAt')).orWhere(c('nextAttemptAt'), '<=', now))
      .andWhere((q: any) => q.whereNull(c('lockedAt')).orWhere(c('lockedAt'), '<', new Date(now.getTime() - leaseMs)))
      .orderBy(order)
      .limit(limit);

  /**
   * Template, tenant and customer of the claimed rows, one indexed lookup per link table. (Joins
   * in the claim's SELECT let PostgreSQL pick sequential scans while the table statistics lag
   * behind a burst of inserts: 0.45 s per claim measured.)
   */
  async function relatedIds(ids: number[]): Promise<Record<LinkedId, Map<number, number>>> {
    const found: Record<LinkedId, Map<number, number>> = { templateId: new Map(), tenantId: new Map(), customerId: new Map() };
    if (ids.length === 0) return found;
    for (const [key, link] of Object.entries(links) as Array<[LinkedId, LinkTable]>) {
      const rows = await knex()(link.table).select(`${link.ownerColumn} as message`, `${link.targetColumn} as target`).whereIn(link.ownerColumn, ids);
      for (const row of rows) found[key].set(Number(row.message), Number(row.target));
    }
    return found;
  }

  async function templatesOf(ids: number[]): Promise<Map<number, ClaimedMessage['template'] & {}>> {
    const found = new Map<number, ClaimedMessage['template'] & {}>();
    if (ids.length === 0) return found;
    const templates = tableOf(strapi, UID.template);
    const rows = await knex()(templates.table)
      .select('id', `${templates.column('name')} as name`, `${templates.column('language')} as language`, `${templates.column('category')} as category`)
      .whereIn('id', ids);
    for (const row of rows) found.set(Number(row.id), { name: row.name, language: row.language, category: row.category ?? null });
    return found;
  }

  return {
    async claimDue(token: string, limit: number, now = new Date()): Promise<ClaimedMessage[]> {
      const due = (db: any) => dueRows(db, now, limit);
      if (isSqlite(strapi)) {
        await knex()(table).whereIn('id', due(knex())).update({ [c('lockedBy')]: token, [c('lockedAt')]: now });
      } else {
        await knex().transaction(async (trx: any) => {
          const rows = await due(trx).forUpdate().skipLocked();
          const ids = rows.map((row: { id: number }) => row.id);
          if (ids.length > 0) await trx(table).whereIn('id', ids).update({ [c('lockedBy')]: token, [c('lockedAt')]: now });
        });
      }
      const query = knex()(`${table} as m`)
        .select(
          'm.id as id',
          `m.${c('documentId')} as documentId`,
          `m.${c('type')} as type`,
          `m.${c('conversationKey')} as conversationKey`,
          `m.${c('businessPhoneNumberId')} as businessPhoneNumberId`,
          `m.${c('customerWaId')} as customerWaId`,
          `m.${c('payload')} as payload`,
          `m.${c('attempts')} as attempts`,
          `m.${c('maxAttempts')} as maxAttempts`,
          `m.${c('mediaId')} as mediaId`
        )
        .where({ [`m.${c('lockedBy')}`]: token, [`m.${c('deliveryStatus')}`]: 'queued' })
        .orderBy([
          { column: `m.${c('priority')}`, order: 'desc' },
          { column: 'm.id', order: 'asc' },
        ]);
      const rows = await query;
      const related = await relatedIds(rows.map((row: any) => row.id));
      const templates = await templatesOf([...new Set(related.templateId.values())]);
      const idOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
      return rows.map((row: any) => ({
        id: Number(row.id),
        documentId: row.documentId,
        type: row.type,
        conversationKey: row.conversationKey ?? null,
        businessPhoneNumberId: row.businessPhoneNumberId,
        customerWaId: row.customerWaId ?? null,
        payload: parseJson(row.payload),
        attempts: Number(row.attempts ?? 0),
        maxAttempts: idOrNull(row.maxAttempts),
        mediaId: row.mediaId ?? null,
        templateId: related.templateId.get(Number(row.id)) ?? null,
        template: templates.get(related.templateId.get(Number(row.id)) ?? -1) ?? null,
        tenantId: related.tenantId.get(Number(row.id)) ?? null,
        customerId: related.customerId.get(Number(row.id)) ?? null,
      }));
    },

    /**
     * The only way into `sending`: succeeds (true) for exactly one worker, the one holding the
     * claim, and only while the row is still queued. Counts the attempt in the same statement.
     * Several rows are moved at once (group commit), each with its own condition; the answer
     * says, per row, whether it moved.
     */
    async markSendingMany(items: Array<{ id: number; token: string; attempts: number }>, now = new Date()): Promise<boolean[]> {
      if (items.length === 0) return [];
      const moving = { [c('deliveryStatus')]: 'sending', [c('sendingAt')]: now, [c('lockedAt')]: now, [c('updatedAt')]: now };
      if (supportsReturning(strapi)) {
        // One statement for the batch. The attempt count is the claimed one plus one: nobody
        // else writes a row while this worker holds its claim.
        const moved = await knex()(table)
          .whereIn(['id', c('lockedBy')], items.map((item) => [item.id, item.token]))
          .andWhere(c('deliveryStatus'), 'queued')
          .update({ ...moving, [c('attempts')]: knex().raw('coalesce(??, 0) + 1', [c('attempts')]) })
          .returning('id');
        const ids = new Set(moved.map((row: { id: number } | number) => Number(typeof row === 'object' ? row.id : row)));
        return items.map((item) => ids.has(item.id));
      }
      return knex().transaction(async (trx: any) => {
        const moved: boolean[] = [];
        for (const { id, token, attempts } of items) {
          const count = await trx(table)
            .where({ id, [c('lockedBy')]: token, [c('deliveryStatus')]: 'queued' })
            .update({ ...moving, [c('attempts')]: attempts });
          moved.push(Number(count) === 1);
        }
        return moved;
      });
    },

    /**
     * Meta accepted these messages: their wamids and canonical recipient ids, written in one
     * transaction (a group commit; SQLite pays per commit, not per row).
     */
    async markAcceptedMany(items: Array<{ id: number; result: AcceptedResult }>, now = new Date()): Promise<void> {
      if (items.length === 0) return;
      const responseOf = (result: AcceptedResult) =>
        JSON.stringify({ wamid: result.wamid, waId: result.waId ?? null, input: result.input ?? null, messageStatus: result.messageStatus ?? null });
      if (isPostgres(strapi)) {
        // One statement for the batch (at Meta's top tier, 1,000 answers a second, a statement per
        // row was the outbox's largest cost after the send itself).
        const values = items.map(() => '(?::integer, ?::text, ?::text, ?::jsonb)').join(', ');
        const bindings = items.flatMap(({ id, result }) => [id, result.wamid, result.waId ?? null, responseOf(result)]);
        await knex().raw(
          `update ?? as m set ?? = 'accepted', ?? = v.wamid, ?? = ?, ?? = coalesce(v.wa_id, m.??), ?? = v.response,
             ?? = null, ?? = null, ?? = null, ?? = null, ?? = null, ?? = null, ?? = ?
           from (values ${values}) as v(id, wamid, wa_id, response) where m.id = v.id`,
          [
            table, c('deliveryStatus'), c('wamid'), c('acceptedAt'), now, c('customerWaId'), c('customerWaId'), c('providerResponse'),
            c('lockedBy'), c('lockedAt'), c('nextAttemptAt'), c('errorCode'), c('errorTitle'), c('errorDetails'), c('updatedAt'), now,
            ...bindings,
          ]
        );
        return;
      }
      await knex().transaction(async (trx: any) => {
        for (const { id, result } of items) {
          await trx(table)
            .where({ id })
            .update({
              [c('deliveryStatus')]: 'accepted',
              [c('wamid')]: result.wamid,
              [c('acceptedAt')]: now,
              ...(result.waId ? { [c('customerWaId')]: result.waId } : {}),
              [c('providerResponse')]: responseOf(result),
              [c('lockedBy')]: null,
              [c('lockedAt')]: null,
              [c('nextAttemptAt')]: null,
              [c('errorCode')]: null,
              [c('errorTitle')]: null,
              [c('errorDetails')]: null,
              [c('updatedAt')]: now,
            });
        }
      });
    },

    /** The wamids among these that have status webhooks waiting (they arrived before the wamid was stored). */
    async wamidsWithPendingStatuses(wamids: string[]): Promise<string[]> {
      if (wamids.length === 0) return [];
      let pending: { table: string; column: (attribute: string) => string };
      try {
        pending = tableOf(strapi, UID.pendingStatus);
      } catch {
        return [];
      }
      const rows = await knex()(pending.table).distinct(`${pending.column('wamid')} as wamid`).whereIn(pending.column('wamid'), wamids);
      return rows.map((row: { wamid: string }) => row.wamid);
    },

    /**
     * Any other outcome of an attempt: back to the queue, failed, or review, with Meta's error.
     * Only the holder of the claim writes it, and only while the row is still its own (`queued`
     * before the send, `sending` after): a worker that stalled past the lease and lost the row to
     * another worker, which may already have had it accepted by Meta, must not re-queue it (it
     * would be sent twice) or overwrite the outcome. Says whether the row was written.
     */
    async markOutcome(
      id: number,
      token: string,
      outcome: { status: 'queued' | 'failed' | 'review'; nextAttemptAt?: Date; errorCode: number | null; errorTitle: string | null; errorDetails: string | null },
      now = new Date()
    ): Promise<boolean> {
      const count = await knex()(table)
        .where({ id, [c('lockedBy')]: token })
        .whereIn(c('deliveryStatus'), ['queued', 'sending'])
        .update({
          [c('deliveryStatus')]: outcome.status,
          [c('errorCode')]: outcome.errorCode,
          [c('errorTitle')]: outcome.errorTitle,
          [c('errorDetails')]: outcome.errorDetails,
          [c('lockedBy')]: null,
          [c('lockedAt')]: null,
          ...(outcome.status === 'queued' ? { [c('nextAttemptAt')]: outcome.nextAttemptAt ?? now } : {}),
          ...(outcome.status === 'failed' ? { [c('failedAt')]: now } : {}),
          [c('updatedAt')]: now,
        });
      return Number(count) === 1;
    },

    /**
     * Keeps claims alive: a live worker whose rows wait for their number's throughput renews
     * `locked_at`, so only the claims of a worker that died expire (another instance, or this
     * one, would otherwise take them over while they wait, wasting their booked send slots).
     */
    async renewClaims(items: Array<{ id: number; token: string }>, now = new Date()): Promise<void> {
      if (items.length === 0) return;
      await knex()(table)
        .whereIn(['id', c('lockedBy')], items.map((item) => [item.id, item.token]))
        .andWhere(c('deliveryStatus'), 'queued')
        .update({ [c('lockedAt')]: now });
    },

    /** Gives a claimed row back untouched (pair limit, shutdown), optionally for later. */
    async release(id: number, token: string, nextAttemptAt?: Date): Promise<void> {
      await knex()(table)
        .where({ id, [c('lockedBy')]: token, [c('deliveryStatus')]: 'queued' })
        .update({ [c('lockedBy')]: null, [c('lockedAt')]: null, ...(nextAttemptAt ? { [c('nextAttemptAt')]: nextAttemptAt } : {}) });
    },

    /** Template usage counters, added up per flush rather than one write per message. */
    async addTemplateUsage(counts: Map<number, number>): Promise<void> {
      const templates = tableOf(strapi, UID.template);
      for (const [templateId, count] of counts) {
        await knex()(templates.table).where({ id: templateId }).increment(templates.column('usageCount'), count);
      }
    },

    /**
     * Rows left in `sending` by a worker that died (the process stopped between "about to call
     * Meta" and "stored Meta's answer"). Meta may or may not have the message, so they go to
     * `review` for a person to decide, never back to the queue. A live worker keeps a row in
     * `sending` for at most one request timeout, so anything older than `staleAfterMs` is
     * orphaned, whichever instance owned it.
     */
    async sweepOrphans(staleAfterMs: number, now = new Date()): Promise<number[]> {
      const cutoff = new Date(now.getTime() - staleAfterMs);
      const stale = await knex()(table)
        .select('id')
        .where({ [c('direction')]: 'outbound', [c('deliveryStatus')]: 'sending' })
        .andWhere(c('sendingAt'), '<', cutoff)
        .limit(1000);
      const ids = stale.map((row: { id: number }) => Number(row.id));
      if (ids.length === 0) return [];
      await knex()(table)
        .whereIn('id', ids)
        .andWhere({ [c('deliveryStatus')]: 'sending' })
        .andWhere(c('sendingAt'), '<', cutoff)
        .update({
          [c('deliveryStatus')]: 'review',
          [c('lockedBy')]: null,
          [c('lockedAt')]: null,
          [c('errorCode')]: null,
          [c('errorTitle')]: 'Outcome unknown: the server stopped while sending',
          [c('errorDetails')]:
            'Strapi stopped after calling WhatsApp and before storing the answer, so the message may or may not have been sent. It is not resent automatically: check the conversation, then retry it or leave it.',
          [c('updatedAt')]: now,
        });
      return ids;
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
