import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import { isPostgres, isUniqueViolation, tableOf } from '../utils/db';
import { getService } from '../utils/get-service';
import { messageEventOf } from './events';
import { planStatusUpdate, TRACKED_STATUSES, type IncomingStatus, type TrackedStatus } from '../webhook/status-rules';
import type { StatusItem } from '../webhook/types';

export type StatusOutcome = 'applied' | 'unchanged' | 'pending' | 'ignored';

export interface StatusContext {
  phoneNumberId?: string;
  webhookEventId?: number;
}

const MESSAGE_STATUS_FIELDS = [
  'id',
  'documentId',
  'wamid',
  'direction',
  'status',
  'type',
  'conversationKey',
  'sentAt',
  'deliveredAt',
  'readAt',
  'playedAt',
  'failedAt',
  'pricingCategory',
  'pricingType',
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
    ...(item.pricing ? { pricing: { category: item.pricing.category, type: item.pricing.type } } : {}),
  };
}

/**
 * Delivery statuses onto outbound messages, monotonically (webhook/status-rules.ts). Each update
 * reads and writes the message under a row lock (SELECT … FOR UPDATE on PostgreSQL; SQLite has a
 * single writer), so two statuses for one wamid processed at once cannot both win.
 *
 * A status for a wamid we do not have yet (the status webhook raced the send's write) is kept in
 * `whatsapp_pending_statuses` and applied by `applyPendingFor(wamid)`, which whoever stores a
 * wamid calls. Both sides write first and check the other second, so one of them always sees
 * the other.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const applyToMessage = async (wamid: string, incoming: IncomingStatus): Promise<StatusOutcome> => {
    let changed: Record<string, any> | undefined;
    const outcome = await strapi.db.transaction(async ({ trx }) => {
      if (isPostgres(strapi)) {
        const { table, column } = tableOf(strapi, UID.message);
        const locked = await trx(table).select('id').where(column('wamid'), wamid).forUpdate().first();
        if (!locked) return 'pending' as const;
      }
      const message = await strapi.db.query(UID.message).findOne({
        select: [...MESSAGE_STATUS_FIELDS],
        where: { wamid },
        populate: { tenant: { select: ['id'] }, customer: { select: ['id'] } },
      });
      if (!message) return 'pending' as const;
      // Inbound messages have no delivery statuses; a status naming one is not ours to apply.
      if (message.direction !== 'outbound') return 'ignored' as const;
      const patch = planStatusUpdate(message as any, incoming);
      if (Object.keys(patch).length === 0) return 'unchanged' as const;
      await strapi.db.query(UID.message).updateMany({ where: { id: message.id }, data: patch as any });
      changed = { ...message, ...patch };
      return 'applied' as const;
    });
    if (changed) {
      getService(strapi, 'events').emit('message.updated', messageEventOf(changed, 'status'));
    }
    return outcome;
  };

  const keepPending = async (item: StatusItem, incoming: IncomingStatus, context: StatusContext) => {
    const dedupeKey = `${item.id}|${incoming.status}|${item.timestamp ?? ''}`;
    // Checked first: inside a PostgreSQL transaction a unique violation would abort everything.
    if ((await strapi.db.query(UID.pendingStatus).count({ where: { dedupeKey } })) > 0) return;
    try {
      await strapi.db.query(UID.pendingStatus).create({
        data: {
          wamid: item.id,
          status: incoming.status,
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
