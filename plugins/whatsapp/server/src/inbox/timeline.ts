import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { type ConversationWindow, type GetTimeline } from '../../../shared/contracts/conversations';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';
import { linkTableOf, tableOf } from '../core/db';
import { MESSAGE_VIEW_POPULATE, toCustomerSummary } from './message-view';
import { WINDOW_MS, windowIsOpen } from '../outbound/window';

/**
 * A customer's WhatsApp timeline across the business numbers it talked to, newest at the bottom,
 * paged backwards with a keyset cursor on (occurredAt, id): the conversation index
 * (conversation_key, occurred_at) serves every page, however long the history.
 */


export function encodeCursor(occurredAt: string, id: number): string {
  return Buffer.from(`${occurredAt}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { occurredAt: Date; id: number } {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const [at, id] = decoded.split('|');
  const occurredAt = new Date(at);
  const numericId = Number(id);
  if (!at || Number.isNaN(occurredAt.getTime()) || !Number.isInteger(numericId) || numericId <= 0) {
    throw new errors.ValidationError('before: not a cursor returned by this endpoint (use meta.nextCursor)');
  }
  return { occurredAt, id: numericId };
}

const digitsOf = (value: unknown) => (typeof value === 'string' ? value.replace(/\D/g, '') : '');

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  /** Every conversation key of a customer: those of its linked messages and the ones its identifiers imply. */
  async function conversationKeysOf(customer: any): Promise<string[]> {
    const link = linkTableOf(strapi, UID.message, 'customer');
    const messagesTable = tableOf(strapi, UID.message).table;
    const linked: { conversation_key: string }[] = await knex()(`${messagesTable} as m`)
      .distinct('m.conversation_key')
      .join(`${link.table} as l`, `l.${link.ownerColumn}`, 'm.id')
      .where(`l.${link.targetColumn}`, customer.id)
      .whereNotNull('m.conversation_key');
    const keys = new Set(linked.map((row) => row.conversation_key));

    // Messages logged before the customer record existed (unknown sender) carry the same key.
    // Only the keys that have messages are kept (one probe of the conversation index), so the
    // page, window and unread queries below look at the customer's conversations, not at every
    // number × identity.
    const identities = [customer.waId, customer.userId, digitsOf(customer.phone)].filter(Boolean);
    if (identities.length) {
      const numbers = await strapi.db.query(UID.phoneNumber).findMany({ select: ['phoneNumberId'] });
      const implied = new Set<string>();
      for (const { phoneNumberId } of numbers) for (const identity of identities) implied.add(`${phoneNumberId}:${identity}`);
      for (const key of keys) implied.delete(key);
      if (implied.size) {
        const existing: { conversation_key: string }[] = await knex()(messagesTable).distinct('conversation_key').whereIn('conversation_key', [...implied]);
        for (const row of existing) keys.add(row.conversation_key);
      }
    }
    return [...keys];
  }

  /**
   * The free-form window per conversation: 24 h after the person's last message on that number,
   * computed the way the send path checks it (outbound/window.ts), so what the composer offers
   * is what the server accepts.
   */
  async function windowsOf(keys: string[], now = Date.now()): Promise<ConversationWindow[]> {
    if (keys.length === 0) return [];
    // One grouped statement for every key (the conversation index serves each group).
    const latest: { conversation_key: string; last_at: unknown }[] = await knex()(tableOf(strapi, UID.message).table)
      .whereIn('conversation_key', keys)
      .where('direction', 'inbound')
      .whereNotNull('occurred_at')
      .groupBy('conversation_key')
      .select('conversation_key', knex().raw('max(occurred_at) as last_at'));
    // SQLite keeps datetimes as epoch milliseconds; PostgreSQL and MySQL answer dates.
    const rows = latest.map((row) => ({
      conversationKey: row.conversation_key,
      businessPhoneNumberId: null as string | null,
      occurredAt: typeof row.last_at === 'number' || /^\d+$/.test(String(row.last_at)) ? Number(row.last_at) : (row.last_at as string),
    }));
    if (rows.length === 0) return [];
    const numbers = await strapi.db.query(UID.phoneNumber).findMany({ select: ['phoneNumberId', 'displayPhoneNumber'] });
    const displayOf = new Map(numbers.map((n: any) => [n.phoneNumberId, n.displayPhoneNumber ?? null]));
    return rows
      .map((row: any) => {
        const lastInbound = new Date(row.occurredAt);
        const phoneNumberId = row.businessPhoneNumberId ?? String(row.conversationKey).split(':')[0];
        return {
          phoneNumberId,
          displayPhoneNumber: displayOf.get(phoneNumberId) ?? null,
          conversationKey: row.conversationKey,
          lastInboundAt: lastInbound.toISOString(),
          windowOpenUntil: new Date(lastInbound.getTime() + WINDOW_MS).toISOString(),
          open: windowIsOpen(lastInbound, now),
        };
      })
      .sort((a: ConversationWindow, b: ConversationWindow) => (b.lastInboundAt ?? '').localeCompare(a.lastInboundAt ?? ''));
  }

  return {
    conversationKeysOf,
    windowsOf,

    async findCustomer(documentId: string) {
      const customer = await strapi.db.query(UID.customer).findOne({
        where: { documentId },
        select: ['id', 'documentId', 'name', 'phone', 'waId', 'userId', 'username', 'language', 'optedOut', 'blockedAt'],
      });
      if (!customer) throw new errors.NotFoundError('Customer not found');
      return customer;
    },

    async page(documentId: string, query: ReturnType<typeof GetTimeline.query.parse>): Promise<GetTimeline.Response> {
      const customer = await this.findCustomer(documentId);
      let keys = await conversationKeysOf(customer);
      if (query.phoneNumberId) keys = keys.filter((key) => key.startsWith(`${query.phoneNumberId}:`));

      const where: any = { conversationKey: { $in: keys }, type: { $ne: 'reaction' } };
      if (query.before) {
        const cursor = decodeCursor(query.before);
        where.$or = [
          { occurredAt: { $lt: cursor.occurredAt } },
          { occurredAt: cursor.occurredAt, id: { $lt: cursor.id } },
        ];
      }
      const rows = keys.length
        ? await strapi.db.query(UID.message).findMany({
            where,
            orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
            limit: query.limit + 1,
            populate: MESSAGE_VIEW_POPULATE,
          })
        : [];
      const hasMore = rows.length > query.limit;
      const pageRows = rows.slice(0, query.limit).reverse();
      const oldest = pageRows[0];
      const views = await getService(strapi, 'message-view').present(pageRows);
      const [windows, unread] = await Promise.all([
        windowsOf(keys),
        getService(strapi, 'conversations').unreadCount(keys),
      ]);

      return {
        data: {
          customer: toCustomerSummary(customer),
          messages: views,
          windows,
          unread,
        },
        meta: {
          hasMore,
          nextCursor: hasMore && oldest ? encodeCursor(new Date(oldest.occurredAt).toISOString(), oldest.id) : null,
          serverTime: new Date().toISOString(),
        },
      };
    },
  };
};
