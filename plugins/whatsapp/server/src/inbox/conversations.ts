import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import type { ListConversations, MarkRead, Typing } from '../../../shared/contracts/conversations';
import { ACTIONS } from '../../../shared/permissions';
import { UID } from '../../../shared/uids';
import { EVERYTHING, type TenantScope } from '../tenancy/scope';
import { getService } from '../core/get-service';
import { linkTableOf, tableOf } from '../core/db';
import { MESSAGE_VIEW_POPULATE, toCustomerSummary } from './message-view';
import { adminUserName } from '../core/admin-user-name';

/**
 * The inbox: conversations (customer × business number, one `conversationKey`) with their last
 * message and unread counts, read from their stored summaries (inbox/summaries.ts), and the read
 * markers behind those counts.
 *
 * "Unread" = inbound messages that arrived after the conversation's read marker. The marker is a
 * message id, not a time: ids grow in arrival order, so a webhook that Meta delivers late (with an
 * older timestamp) still counts as new. Reactions and system notices are not counted.
 */

/** The typing indicator only while a free-form reply can follow: the 24-hour customer service window. */
export const TYPING_WINDOW_MS = 24 * 60 * 60 * 1000;

type User = { id: number; firstname?: string | null; lastname?: string | null; username?: string | null; email?: string };

const likeTerm = (value: string) => `%${value.toLowerCase().replace(/[%_\\]/g, '')}%`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const names = () => ({
    messages: tableOf(strapi, UID.message).table,
    summaries: tableOf(strapi, UID.conversationSummary).table,
    customers: tableOf(strapi, UID.customer).table,
    tenants: tableOf(strapi, UID.tenant).table,
    customerLink: linkTableOf(strapi, UID.message, 'customer'),
  });

  /** Keeps only the conversations of the scope's tenants (a conversation's tenant is its last message's). */
  function whereInScope(query: Knex.QueryBuilder, scope: TenantScope, alias = 's') {
    if (scope.all) return;
    if (scope.tenantIds.length === 0) {
      query.whereRaw('1 = 0');
      return;
    }
    query.whereIn(`${alias}.tenant_id`, scope.tenantIds);
  }

  /** Unread customer messages over the given conversations (all in the scope when omitted), from their summaries. */
  async function unreadCount(keys?: string[], scope: TenantScope = EVERYTHING): Promise<number> {
    if (keys && keys.length === 0) return 0;
    // `unread_count > 0` first: the badge reads the (unread_count, tenant_id) index, not every conversation.
    const query = knex()(`${names().summaries} as s`).where('s.unread_count', '>', 0).sum({ total: 's.unread_count' });
    if (keys) query.whereIn('s.conversation_key', keys);
    whereInScope(query, scope);
    const [row] = await query;
    return Number((row as any)?.total ?? 0);
  }

  /**
   * The inbox list, from the stored summaries (inbox/summaries.ts): the page is a range scan on
   * (tenant, last message time) or (last message time), filtered by the counts kept on each row.
   */
  async function list(query: ReturnType<typeof ListConversations.query.parse>, user?: User): Promise<ListConversations.Response> {
    const t = names();
    const db = knex();
    // A member of tenants sees their conversations only (docs/tenancy.md).
    const scope = await getService(strapi, 'tenancy').scopeFor(user, ACTIONS.messagesRead);
    const conversations = db(`${t.summaries} as s`)
      .select('s.conversation_key as conversation_key')
      .select('s.last_message_id as last_id', 's.last_message_at as last_at', 's.message_count as message_count')
      .select('s.unread_count as unread', 's.failed_count as failed', 's.customer_id as customer_id', 's.last_inbound_message_id as last_inbound_id', 's.tenant_id as tenant_id');
    whereInScope(conversations, scope);

    if (query.phoneNumberId) conversations.where('s.phone_number_id', query.phoneNumberId);
    if (query.tenant) conversations.where('s.tenant_id', db(t.tenants).select('id').where('document_id', query.tenant));
    if (query.search) {
      const term = likeTerm(query.search);
      const digits = query.search.replace(/\D/g, '');
      const matching = db(`${t.messages} as sm`)
        .select('sm.conversation_key')
        .leftJoin(`${t.customerLink.table} as cl`, `cl.${t.customerLink.ownerColumn}`, 'sm.id')
        .leftJoin(`${t.customers} as sc`, 'sc.id', `cl.${t.customerLink.targetColumn}`)
        .whereNotNull('sm.conversation_key')
        .where((w) => {
          w.whereRaw('lower(sc.name) like ?', [term])
            .orWhereRaw('lower(sc.profile_name) like ?', [term])
            .orWhereRaw('lower(sm.profile_name) like ?', [term])
            // A WhatsApp username, typed with or without its "@".
            .orWhereRaw('lower(sc.username) like ?', [likeTerm(query.search.replace(/^\s*@/, ''))]);
          if (digits.length >= 3) {
            w.orWhere('sc.phone', 'like', `%${digits}%`)
              .orWhere('sc.wa_id', 'like', `%${digits}%`)
              .orWhere('sm.customer_wa_id', 'like', `%${digits}%`)
              .orWhere('sm.customer_phone', 'like', `%${digits}%`);
          }
        });
      conversations.whereIn('s.conversation_key', matching);
    }
    if (query.unread === 'true') conversations.where('s.unread_count', '>', 0);
    if (query.unread === 'false') conversations.where('s.unread_count', 0);
    if (query.failed === 'true') conversations.where('s.failed_count', '>', 0);
    if (query.failed === 'false') conversations.where('s.failed_count', 0);
    if (query.type) {
      // Per listed row, a probe of the (conversation_key, occurred_at) index: no row of the log is grouped.
      conversations.whereExists(db(`${t.messages} as tm`).select(db.raw('1')).whereRaw('tm.conversation_key = s.conversation_key').where('tm.type', query.type));
    }
    // The team's state and assignee filters, and the counts per state and assignee (conversations/states.ts).
    const states = getService(strapi, 'conversation-states');
    const unfiltered = conversations.clone();
    states.filterList(conversations, query, user?.id ?? null, 's.conversation_key');

    // Independent statements, on separate pool connections: the page, its counts and the badge.
    const [counts, rows, totalUnread] = await Promise.all([
      states.countList(unfiltered, query, user?.id ?? null),
      conversations
        .orderBy([
          { column: 's.last_message_at', order: 'desc' },
          { column: 's.conversation_key', order: 'asc' },
        ])
        .offset((query.page - 1) * query.pageSize)
        .limit(query.pageSize) as Promise<any[]>,
      unreadCount(undefined, scope),
    ]);
    const { stateCounts, assigneeCounts, total } = counts;
    const data = await decorate(rows);
    return {
      data,
      meta: {
        pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) },
        totalUnread,
        stateCounts,
        assigneeCounts,
      },
    };
  }

  /** Adds the last message, customer, contact, number and tenant to a page of grouped rows. */
  async function decorate(rows: any[]): Promise<ListConversations.Conversation[]> {
    if (rows.length === 0) return [];
    const keys = rows.map((r) => r.conversation_key);
    const idsOf = (column: string) => [...new Set(rows.map((r) => r[column]).filter((id) => id != null).map(Number))];
    const customerIds = idsOf('customer_id');
    const inboundIds = idsOf('last_inbound_id');
    const tenantIds = idsOf('tenant_id');
    // Independent reads, in parallel: the last messages as the timeline shows them; the customer
    // (the newest one linked to a message of the conversation) and the tenant kept on the summary;
    // what the person calls themselves (their newest inbound message: unknown senders have nothing
    // else); the numbers' display names; the team's state.
    const [views, customers, contactRows, tenants, numbers, statuses] = await Promise.all([
      strapi.db
        .query(UID.message)
        .findMany({ where: { id: { $in: idsOf('last_id') } }, populate: MESSAGE_VIEW_POPULATE })
        .then((lastRows: any[]) => getService(strapi, 'message-view').present(lastRows)),
      customerIds.length
        ? strapi.db.query(UID.customer).findMany({
            where: { id: { $in: customerIds } },
            select: ['id', 'documentId', 'name', 'phone', 'waId', 'userId', 'username', 'language', 'optedOut', 'blockedAt'],
          })
        : [],
      inboundIds.length
        ? strapi.db.query(UID.message).findMany({
            where: { id: { $in: inboundIds } },
            select: ['conversationKey', 'profileName', 'customerWaId', 'customerUserId', 'customerPhone'],
          })
        : [],
      tenantIds.length ? strapi.db.query(UID.tenant).findMany({ where: { id: { $in: tenantIds } }, select: ['id', 'documentId', 'name'] }) : [],
      strapi.db.query(UID.phoneNumber).findMany({ select: ['phoneNumberId', 'displayPhoneNumber'] }),
      getService(strapi, 'conversation-states').statusesOf(keys),
    ]);
    const viewById = new Map(views.map((v) => [v.id, v]));
    const customerById = new Map(customers.map((c: any) => [c.id, c]));
    const contactOfKey = new Map(contactRows.map((r: any) => [r.conversationKey, r]));
    const tenantById = new Map(tenants.map((row: any) => [row.id, row]));
    const displayOf = new Map(numbers.map((n: any) => [n.phoneNumberId, n.displayPhoneNumber ?? null]));

    return rows.map((row) => {
      const key: string = row.conversation_key;
      const [phoneNumberId, identity] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      const customer = row.customer_id != null ? customerById.get(Number(row.customer_id)) : undefined;
      const tenant = row.tenant_id != null ? tenantById.get(Number(row.tenant_id)) : undefined;
      const contact = contactOfKey.get(key);
      const view = viewById.get(Number(row.last_id))!;
      return {
        ...statuses.get(key)!,
        conversationKey: key,
        customer: customer ? toCustomerSummary(customer) : null,
        contact: {
          waId: contact?.customerWaId ?? (/^\d+$/.test(identity) ? identity : null),
          userId: contact?.customerUserId ?? (/^\d+$/.test(identity) ? null : identity || null),
          profileName: contact?.profileName ?? null,
          phone: contact?.customerPhone ?? null,
        },
        phoneNumber: phoneNumberId ? { phoneNumberId, displayPhoneNumber: displayOf.get(phoneNumberId) ?? null } : null,
        tenant: tenant ? { documentId: tenant.documentId, name: tenant.name } : null,
        lastMessage: view,
        lastMessageAt: view?.occurredAt ?? null,
        unread: Number(row.unread ?? 0),
        failed: Number(row.failed ?? 0),
        messageCount: Number(row.message_count ?? 0),
      };
    });
  }

  const displayName = (user?: User) =>
    adminUserName(user);

  /**
   * Moves the read marker of one conversation (or every conversation of a customer) forward to the
   * given message or the newest one; never backwards. Sends WhatsApp read receipts for the newest
   * newly read inbound message when `sendReadReceipts` is on (Meta marks earlier ones read with it).
   */
  async function markRead(body: ReturnType<typeof MarkRead.body.parse>, user?: User): Promise<MarkRead.Response['data']> {
    let keys: string[];
    if (body.conversationKey) {
      keys = [body.conversationKey];
    } else {
      const timeline = getService(strapi, 'timeline');
      keys = await timeline.conversationKeysOf(await timeline.findCustomer(body.customerDocumentId!));
    }
    const t = names();
    const newest: any[] = keys.length
      ? await knex()(t.messages).whereIn('conversation_key', keys).groupBy('conversation_key').select('conversation_key', knex().raw('max(id) as id'))
      : [];
    if (body.conversationKey && newest.length === 0) throw new errors.NotFoundError('Conversation not found');

    let targetKey: string | null = null;
    if (body.upToMessageId) {
      const target = await strapi.db.query(UID.message).findOne({ where: { id: body.upToMessageId }, select: ['id', 'conversationKey'] });
      if (!target || !keys.includes(target.conversationKey)) {
        throw new errors.ValidationError('upToMessageId: the message is not part of this conversation');
      }
      targetKey = target.conversationKey;
    }

    const config = getService(strapi, 'runtime').get().config;
    const results: MarkRead.Response['data'] = { conversations: [], receipts: [] };
    const changed: { conversationKey: string; lastReadMessageId: number }[] = [];

    for (const { conversation_key: key, id } of newest) {
      // With upToMessageId only its own conversation moves (to that message); otherwise to the newest.
      if (targetKey && targetKey !== key) continue;
      const upTo = targetKey ? body.upToMessageId! : Number(id);
      const previous = await markerOf(key);
      const next = Math.max(previous, upTo);
      if (next > previous) {
        await saveMarker(key, next, user);
        changed.push({ conversationKey: key, lastReadMessageId: next });
        if (config.sendReadReceipts) {
          const receipt = await sendReceipt(key, previous, next);
          if (receipt) results.receipts.push(receipt);
        }
      }
      results.conversations.push({ conversationKey: key, lastReadMessageId: next, unread: 0 });
    }
    // The moved markers change these conversations' unread counts: their summaries, in one refresh.
    await getService(strapi, 'conversation-summaries').refresh(changed.map((c) => c.conversationKey));
    for (const conversation of results.conversations) conversation.unread = await unreadCount([conversation.conversationKey]);

    if (changed.length) {
      getService(strapi, 'stream').broadcast('conversation.read', {
        conversations: results.conversations,
        by: user ? { id: user.id, name: displayName(user) } : null,
      });
    }
    return results;
  }

  async function markerOf(key: string): Promise<number> {
    const row = await strapi.db.query(UID.conversationRead).findOne({ where: { conversationKey: key }, select: ['lastReadMessageId'] });
    return Number(row?.lastReadMessageId ?? 0);
  }

  async function saveMarker(key: string, messageId: number, user?: User) {
    const data = { lastReadMessageId: messageId, lastReadAt: new Date(), readById: user?.id ?? null, readByName: displayName(user) };
    const existing = await strapi.db.query(UID.conversationRead).findOne({ where: { conversationKey: key }, select: ['id'] });
    if (existing) {
      await strapi.db.query(UID.conversationRead).update({ where: { id: existing.id }, data });
      return;
    }
    try {
      await strapi.db.query(UID.conversationRead).create({ data: { conversationKey: key, ...data } });
    } catch (error) {
      // Two agents opened the conversation at once: the unique index kept one row; move it forward.
      const row = await strapi.db.query(UID.conversationRead).findOne({ where: { conversationKey: key }, select: ['id', 'lastReadMessageId'] });
      if (!row) throw error;
      if (Number(row.lastReadMessageId ?? 0) < messageId) {
        await strapi.db.query(UID.conversationRead).update({ where: { id: row.id }, data });
      }
    }
  }

  /** The read receipt for the newest inbound message read just now, through the outbound service. */
  async function sendReceipt(key: string, fromId: number, toId: number) {
    const message = await strapi.db.query(UID.message).findOne({
      where: { conversationKey: key, direction: 'inbound', wamid: { $notNull: true }, id: { $gt: fromId, $lte: toId } },
      orderBy: [{ id: 'desc' }],
      select: ['id', 'documentId', 'wamid'],
    });
    if (!message) return null;
    const outbound = (strapi.plugin('whatsapp').service('messages') ?? null) as { markRead?: (documentId: string) => Promise<unknown> } | null;
    if (!outbound?.markRead) return { wamid: message.wamid, ok: false, error: 'read receipts need the outbound messages service' };
    try {
      await outbound.markRead(message.documentId);
      return { wamid: message.wamid, ok: true };
    } catch (error) {
      // The marker is ours and already saved; a refused receipt is reported, not fatal.
      strapi.log.warn(`[whatsapp] read receipt for ${message.wamid} failed: ${(error as Error).message}`);
      return { wamid: message.wamid, ok: false, error: (error as Error).message };
    }
  }

  /**
   * Meta's typing indicator while an agent writes a reply (docs/inbox.md#typing-indicator): the read
   * receipt of the customer's newest message with `typing_indicator`, at most once per inbound
   * message (claimed on the conversation's read marker row, so two agents or two tabs send it once),
   * only while the 24-hour window is open (a reply must be able to follow, as Meta asks) and only
   * when read receipts are switched on. A refusal from Meta is reported, never fatal.
   */
  async function typing(conversationKey: string): Promise<Typing.Response['data']> {
    const config = getService(strapi, 'runtime').get().config;
    if (!config.sendReadReceipts) return { sent: false, reason: 'disabled' };
    const message = await strapi.db.query(UID.message).findOne({
      where: { conversationKey, direction: 'inbound', wamid: { $notNull: true } },
      orderBy: [{ id: 'desc' }],
      select: ['id', 'documentId', 'wamid', 'occurredAt'],
      populate: { customer: { select: ['id', 'blockedAt'] } },
    });
    if (!message) {
      const any = await strapi.db.query(UID.message).count({ where: { conversationKey } });
      if (!any) throw new errors.NotFoundError('Conversation not found', { path: ['conversationKey'] });
      return { sent: false, reason: 'no_inbound' };
    }
    if (message.customer?.blockedAt) return { sent: false, reason: 'blocked', wamid: message.wamid };
    const occurredAt = message.occurredAt ? new Date(message.occurredAt).getTime() : 0;
    if (!(Date.now() - occurredAt < TYPING_WINDOW_MS)) return { sent: false, reason: 'window_closed', wamid: message.wamid };
    if (!(await claimTyping(conversationKey, message.id))) return { sent: false, reason: 'already_sent', wamid: message.wamid };
    try {
      await getService(strapi, 'messages').markRead(message.documentId, { typing: true });
      return { sent: true, wamid: message.wamid };
    } catch (error) {
      strapi.log.warn(`[whatsapp] typing indicator for ${message.wamid} failed: ${(error as Error).message}`);
      return { sent: false, reason: 'refused', wamid: message.wamid, error: (error as Error).message };
    }
  }

  /** Moves the conversation's typing marker to `messageId` if it was below; true when this call moved it. */
  async function claimTyping(conversationKey: string, messageId: number): Promise<boolean> {
    const query = strapi.db.query(UID.conversationRead);
    const claim = () =>
      query.updateMany({
        where: { conversationKey, $or: [{ typingMessageId: { $null: true } }, { typingMessageId: { $lt: messageId } }] },
        data: { typingMessageId: messageId },
      });
    const { count } = await claim();
    if (count > 0) return true;
    if (await query.findOne({ where: { conversationKey }, select: ['id'] })) return false;
    try {
      await query.create({ data: { conversationKey, lastReadMessageId: 0, typingMessageId: messageId } });
      return true;
    } catch {
      // Created at the same moment (the unique key kept one row): claim on it.
      return (await claim()).count > 0;
    }
  }

  return { list, unreadCount, markRead, markerOf, typing };
};
