import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { currentTransaction, isSqlite, isUniqueViolation, linkTableOf, tableOf, updateRowsById } from '../core/db';
import { getService } from '../core/get-service';
import { messageEventOf } from '../core/events';
import { planStatusUpdate, TRACKED_STATUSES, type IncomingStatus, type MessageStatusState, type StatusPatch, type TrackedStatus } from './status-rules';
import type { StatusItem } from './webhook-types';

export type StatusOutcome = 'applied' | 'unchanged' | 'pending' | 'ignored';

export interface StatusContext {
  phoneNumberId?: string;
  webhookEventId?: number;
}

/** What the status rules and the event need of a message, read in one statement. */
const MESSAGE_STATUS_FIELDS = [
  'documentId',
  'direction',
  'deliveryStatus',
  'type',
  'conversationKey',
  'sentAt',
  'deliveredAt',
  'readAt',
  'playedAt',
  'failedAt',
  'pricingCategory',
  'pricingType',
  'pricingModel',
] as const;

/** Meta's status item → the rules' input; undefined when it is not a status we track. */
export function toIncomingStatus(item: StatusItem): IncomingStatus | undefined {
  if (!item || typeof item.id !== 'string' || !TRACKED_STATUSES.includes(item.status as TrackedStatus)) return undefined;
  const seconds = Number(item.timestamp);
  const at = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
  const error = Array.isArray(item.errors) ? item.errors[0] : undefined;
  return {
    status: item.status as TrackedStatus,
    at,
    ...(error
      ? {
          error: {
            code: typeof error.code === 'number' ? error.code : Number(error.code) || undefined,
            title: error.title ?? error.message,
            details: error.error_data?.details ?? error.message,
          },
        }
      : {}),
    ...(item.pricing ? { pricing: { category: item.pricing.category, type: item.pricing.type, model: item.pricing.pricing_model } } : {}),
  };
}

/**
 * Delivery statuses onto outbound messages, monotonically (inbound/status-rules.ts). Each update
 * reads and writes the message under a row lock (SELECT … FOR UPDATE on PostgreSQL; SQLite has a
 * single writer), so two statuses for one wamid processed at once cannot both win.
 *
 * A status for a wamid we do not have yet (the status webhook raced the send's write) is kept in
 * `whatsapp_pending_statuses` and applied by `applyPendingFor(wamid)`, which whoever stores a
 * wamid calls. Both sides write first and check the other second, so one of them always sees
 * the other.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /**
   * Plain knex on this path: statuses are most of a busy account's webhook traffic (sent,
   * delivered and read for every message sent), and the query engine would spend six statements
   * (lock, read, two populates, update and its read) where three do.
   */
  const applyToMessage = async (wamid: string, incoming: IncomingStatus): Promise<StatusOutcome> => {
    const { table, column } = tableOf(strapi, UID.message);
    let changed: Record<string, any> | undefined;
    const outcome = await strapi.db.transaction(async ({ trx }) => {
      const knex = trx as any;
      const linked = (attribute: 'tenant' | 'customer') => {
        const link = linkTableOf(strapi, UID.message, attribute);
        return knex(link.table).select(link.targetColumn).where(link.ownerColumn, knex.ref('m.id')).limit(1).as(attribute);
      };
      const read = knex(`${table} as m`)
        .select('m.id as id', ...MESSAGE_STATUS_FIELDS.map((field) => `m.${column(field)} as ${field}`), linked('tenant'), linked('customer'))
        .where(`m.${column('wamid')}`, wamid)
        .first();
      // The row stays locked until the transaction ends; SQLite has a single writer instead.
      if (!isSqlite(strapi)) read.forUpdate();
      const message = await read;
      if (!message) return 'pending' as const;
      // Inbound messages have no delivery statuses; a status naming one is not ours to apply.
      if (message.direction !== 'outbound') return 'ignored' as const;
      const patch = planStatusUpdate(message, incoming);
      if (Object.keys(patch).length === 0) return 'unchanged' as const;
      const columns: Record<string, unknown> = { [column('updatedAt')]: new Date() };
      for (const [attribute, value] of Object.entries(patch)) columns[column(attribute)] = value;
      await knex(table).where('id', message.id).update(columns);
      changed = { ...message, ...patch, wamid };
      return 'applied' as const;
    });
    if (changed) {
      getService(strapi, 'events').emit('message.updated', messageEventOf(changed, 'status'));
    }
    return outcome;
  };

  /**
   * Writes the status changes of a batch to their messages in one UPDATE: the one place a batch's
   * delivery statuses are written. `patch` is what planStatusUpdate planned, in attributes.
   */
  const writeStatusPatches = async (changes: { id: number; patch: StatusPatch }[]) => {
    if (!changes.length) return;
    const { table, column } = tableOf(strapi, UID.message);
    const now = new Date();
    const rows = changes.map(({ id, patch }) => {
      const columns: Record<string, unknown> = { [column('updatedAt')]: now };
      for (const [attribute, value] of Object.entries(patch)) columns[column(attribute)] = value;
      return { id, columns };
    });
    await updateRowsById(await currentTransaction(strapi), table, rows);
  };

  /** The batch's messages by wamid, read (and on PostgreSQL locked, in id order) in one statement. */
  const readForStatuses = async (wamids: string[]) => {
    const { table, column } = tableOf(strapi, UID.message);
    const knex = (await currentTransaction(strapi)) as any;
    const linked = (attribute: 'tenant' | 'customer') => {
      const link = linkTableOf(strapi, UID.message, attribute);
      return knex(link.table).select(link.targetColumn).where(link.ownerColumn, knex.ref('m.id')).limit(1).as(attribute);
    };
    const found = new Map<string, Record<string, any>>();
    for (let i = 0; i < wamids.length; i += 500) {
      const read = knex(`${table} as m`)
        .select('m.id as id', `m.${column('wamid')} as wamid`, ...MESSAGE_STATUS_FIELDS.map((field) => `m.${column(field)} as ${field}`), linked('tenant'), linked('customer'))
        .whereIn(`m.${column('wamid')}`, wamids.slice(i, i + 500))
        .orderBy('m.id', 'asc');
      if (!isSqlite(strapi)) read.forUpdate();
      for (const row of await read) found.set(row.wamid, row);
    }
    return found;
  };

  const keepPending = async (item: StatusItem, incoming: IncomingStatus, context: StatusContext) => {
    const dedupeKey = `${item.id}|${incoming.status}|${item.timestamp ?? ''}`;
    // Checked first: inside a PostgreSQL transaction a unique violation would abort everything.
    if ((await strapi.db.query(UID.pendingStatus).count({ where: { dedupeKey } })) > 0) return;
    try {
      await strapi.db.query(UID.pendingStatus).create({
        data: {
          wamid: item.id,
          deliveryStatus: incoming.status,
          dedupeKey,
          item,
          phoneNumberId: context.phoneNumberId ?? null,
          webhookEventId: context.webhookEventId ?? null,
          receivedAt: new Date(),
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // the same status delivered twice: kept once
    }
  };

  return {
    /** Applies one status item of a `messages` webhook. */
    async apply(item: StatusItem, context: StatusContext = {}): Promise<StatusOutcome> {
      const incoming = toIncomingStatus(item);
      if (!incoming) return 'ignored';
      const outcome = await applyToMessage(item.id as string, incoming);
      if (outcome !== 'pending') return outcome;
      await keepPending(item, incoming, context);
      // The message may have been stored between our lookup and our insert: check again.
      const exists = await strapi.db.query(UID.message).count({ where: { wamid: item.id } });
      if (exists > 0) await this.applyPendingFor(item.id as string);
      return 'pending';
    },

    /**
     * `apply` for the statuses of a batch of events, in order, with one read and one write for all
     * of them: each status is planned (status-rules.ts) on the message as the earlier statuses of
     * the batch left it, so the outcome is the one applying them one by one would give; the
     * message is written once with the sum, and listeners hear each applied status as before.
     * Must run inside the batch's transaction (the read locks the rows until it ends).
     */
    async applyMany(items: { item: StatusItem; context: StatusContext }[]): Promise<StatusOutcome[]> {
      const outcomes: StatusOutcome[] = items.map(() => 'ignored');
      const incoming = items.map(({ item }) => toIncomingStatus(item));
      const wamids = [...new Set(items.filter((_, i) => incoming[i]).map(({ item }) => item.id as string))];
      const messages = wamids.length ? await readForStatuses(wamids) : new Map<string, Record<string, any>>();
      const patches = new Map<number, StatusPatch>();
      const announcements: Record<string, any>[] = [];
      const unknown: number[] = [];
      items.forEach(({ item }, i) => {
        const status = incoming[i];
        if (!status) return;
        const message = messages.get(item.id as string);
        if (!message) {
          unknown.push(i);
          outcomes[i] = 'pending';
          return;
        }
        if (message.direction !== 'outbound') return; // inbound messages have no delivery statuses
        const patch = planStatusUpdate({ ...message, ...patches.get(message.id) } as MessageStatusState, status);
        if (Object.keys(patch).length === 0) {
          outcomes[i] = 'unchanged';
          return;
        }
        const sum = { ...patches.get(message.id), ...patch };
        patches.set(message.id, sum);
        announcements.push({ ...message, ...sum, wamid: item.id });
        outcomes[i] = 'applied';
      });
      await writeStatusPatches([...patches].map(([id, patch]) => ({ id, patch })));
      for (const changed of announcements) getService(strapi, 'events').emit('message.updated', messageEventOf(changed, 'status'));

      if (unknown.length) {
        for (const i of unknown) await keepPending(items[i].item, incoming[i] as IncomingStatus, items[i].context);
        // Stored between our read and our parking (the send's write): apply them now.
        const { table, column } = tableOf(strapi, UID.message);
        const knex = await currentTransaction(strapi);
        const parked = [...new Set(unknown.map((i) => items[i].item.id as string))];
        const appeared = await knex(table).select(column('wamid')).whereIn(column('wamid'), parked);
        for (const row of appeared) await this.applyPendingFor(row[column('wamid')]);
      }
      return outcomes;
    },

    /**
     * Applies, in the order received, the statuses kept for a wamid that was unknown when they
     * arrived. Call it right after storing a wamid (the outbound worker does after each send).
     * Returns how many were applied.
     */
    async applyPendingFor(wamid: string): Promise<number> {
      if (!wamid) return 0;
      const pending = await strapi.db
        .query(UID.pendingStatus)
        .findMany({ where: { wamid }, orderBy: { id: 'asc' } });
      let applied = 0;
      for (const row of pending as any[]) {
        const incoming = toIncomingStatus(row.item);
        const outcome = incoming ? await applyToMessage(wamid, incoming) : 'ignored';
        if (outcome === 'pending') continue; // still unknown (called too early): keep it
        if (outcome === 'applied') applied += 1;
        await strapi.db.query(UID.pendingStatus).delete({ where: { id: row.id } });
      }
      return applied;
    },

    /** Drops kept statuses older than the cutoff (their message never appeared). */
    async prunePending(olderThan: Date): Promise<number> {
      const result = await strapi.db.query(UID.pendingStatus).deleteMany({ where: { receivedAt: { $lt: olderThan } } });
      return (result as { count?: number })?.count ?? 0;
    },
  };
};
