import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { currentTransaction, insertLinks, isPostgres, isUniqueViolation, newDocumentId, tableOf } from '../core/db';
import { getService } from '../core/get-service';
import { messageEventOf } from '../core/events';
import { normalizePhone } from '../core/phone';
import { isOptOutKeyword, mapInboundMessage, type MappedInbound } from './inbound-mapper';
import type { InboundMessage, MessagesValue, WebhookContact } from './webhook-types';
import type { NumberRoute } from './number-routing';
import type { IdentityChangeOutcome, SenderIdentity } from './customers';

export interface InboundResult {
  created: number;
  duplicates: number;
  skipped: number;
}

/** One reaction per sender on a message: `reactions[senderKey] = { emoji, at, wamid }`. */
export type Reactions = Record<string, { emoji: string; at: string; wamid: string }>;

function contactFor(message: InboundMessage, contacts: WebhookContact[] | undefined): WebhookContact | undefined {
  if (!Array.isArray(contacts) || contacts.length === 0) return undefined;
  return (
    contacts.find((c) => (message.from && c.wa_id === message.from) || (message.from_user_id && c.user_id === message.from_user_id)) ??
    (contacts.length === 1 ? contacts[0] : undefined)
  );
}

/** Who sent a message, from the message and its contact entry. */
interface Sender {
  waId: string | null;
  userId: string | null;
  profileName: string | null;
  username: string | null;
  parentUserId: string | null;
  phone: { e164: string; waId: string } | null;
}

function senderOf(message: InboundMessage, contact: WebhookContact | undefined): Sender {
  const waId = message.from ?? contact?.wa_id ?? null;
  return {
    waId,
    userId: message.from_user_id ?? contact?.user_id ?? null,
    profileName: contact?.profile?.name ?? null,
    username: typeof contact?.profile?.username === 'string' && contact.profile.username ? contact.profile.username.replace(/^@/, '') : null,
    parentUserId: contact?.parent_user_id ?? null,
    phone: waId ? normalizePhone(waId) : null,
  };
}

const identityOf = (sender: Sender, route: NumberRoute): SenderIdentity => ({
  tenant: route.tenant,
  waId: sender.waId,
  userId: sender.userId,
  parentUserId: sender.parentUserId,
  username: sender.username,
  profileName: sender.profileName,
});

/** The message row's own fields (relations apart), as the comms log stores an inbound message. */
function inboundData(mapped: MappedInbound, sender: Sender, route: NumberRoute): Record<string, unknown> {
  return {
    wamid: mapped.wamid,
    direction: 'inbound',
    type: mapped.type,
    deliveryStatus: 'received',
    body: mapped.body,
    caption: mapped.caption,
    payload: mapped.payload,
    conversationKey: `${route.phoneNumber.phoneNumberId}:${sender.waId || sender.userId || 'unknown'}`,
    businessPhoneNumberId: route.phoneNumber.phoneNumberId,
    customerPhone: sender.phone?.e164 ?? null,
    customerWaId: sender.waId,
    customerUserId: sender.userId,
    profileName: sender.profileName,
    occurredAt: mapped.occurredAt,
    receivedAt: new Date(),
    contextWamid: mapped.contextWamid,
    forwarded: mapped.forwarded,
    frequentlyForwarded: mapped.frequentlyForwarded,
    referral: mapped.referral,
    reactionEmoji: mapped.reactionEmoji,
    errorCode: mapped.error?.code ?? null,
    errorTitle: mapped.error?.title ?? null,
    errorDetails: mapped.error?.details ?? null,
    mediaId: mapped.media?.id ?? null,
    mediaMimeType: mapped.media?.mimeType ?? null,
    mediaFilename: mapped.media?.filename ?? null,
    mediaSha256: mapped.media?.sha256 ?? null,
    mediaLink: mapped.media?.url ?? null,
    mediaStatus: mapped.media ? 'pending' : 'none',
    mediaAttempts: 0,
    mediaNextAttemptAt: mapped.media ? new Date() : null,
  };
}

/** The text a keyword (STOP, START…) is looked for in. */
const keywordTextOf = (mapped: MappedInbound) => (mapped.type === 'text' || mapped.type === 'button' || mapped.type === 'interactive' ? mapped.body : null);

/**
 * Inbound messages of a `messages` webhook → the comms log. Each becomes one message row, unique
 * by wamid (a duplicate delivery, or the same message in two POSTs, finds the row already there),
 * linked to the tenant of the business number and to the customer matched from the sender.
 * Media is downloaded afterwards (media-downloads service); reactions also attach to the message
 * they react to; opt-out keywords set the customer's marketing opt-out.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'runtime').get().config;

  const attachReaction = async (mapped: MappedInbound, senderKey: string) => {
    if (!mapped.contextWamid) return;
    let updated: any;
    await strapi.db.transaction(async ({ trx }) => {
      if (isPostgres(strapi)) {
        const { table, column } = tableOf(strapi, UID.message);
        await trx(table).select('id').where(column('wamid'), mapped.contextWamid).forUpdate().first();
      }
      const target = await strapi.db
        .query(UID.message)
        .findOne({
          select: ['id', 'documentId', 'wamid', 'direction', 'deliveryStatus', 'type', 'conversationKey', 'reactions'],
          where: { wamid: mapped.contextWamid },
          populate: { tenant: { select: ['id'] }, customer: { select: ['id'] } },
        });
      if (!target) return; // reacting to a message we never stored: the reaction row is enough
      const reactions: Reactions = { ...((target.reactions as Reactions | null) ?? {}) };
      const previous = reactions[senderKey];
      // Out of order deliveries: only a newer reaction replaces (or removes) the sender's one.
      if (previous && new Date(previous.at).getTime() > mapped.occurredAt.getTime()) return;
      if (mapped.reactionEmoji) {
        reactions[senderKey] = { emoji: mapped.reactionEmoji, at: mapped.occurredAt.toISOString(), wamid: mapped.wamid };
      } else delete reactions[senderKey];
      await strapi.db.query(UID.message).updateMany({ where: { id: target.id }, data: { reactions } });
      updated = { ...target, reactions };
    });
    if (updated) {
      getService(strapi, 'events').emit('message.updated', messageEventOf(updated, 'reactions'));
    }
  };

  /** A stored message told to listeners (timeline, conversation states), its media queued. */
  const announce = (created: { id: number; documentId: string; conversationKey?: string | null }, mapped: MappedInbound, route: NumberRoute, customerId: number | null) => {
    getService(strapi, 'events').emit('message.created', {
      id: created.id,
      documentId: created.documentId,
      direction: 'inbound',
      status: 'received',
      type: mapped.type,
      conversationKey: created.conversationKey,
      tenantId: route.tenant?.id ?? null,
      customerId,
      wamid: mapped.wamid,
    });
    if (mapped.media) getService(strapi, 'media-downloads').start(created.id);
  };

  const storeOne = async (
    message: InboundMessage,
    contact: WebhookContact | undefined,
    route: NumberRoute
  ): Promise<'created' | 'duplicate' | 'skipped'> => {
    const mapped = mapInboundMessage(message);
    if (!mapped) return 'skipped';
    const messages = strapi.db.query(UID.message);
    if ((await messages.count({ where: { wamid: mapped.wamid } })) > 0) return 'duplicate';

    const sender = senderOf(message, contact);
    const { waId, userId } = sender;
    let customer = await getService(strapi, 'customers').matchSender(identityOf(sender, route), mapped.occurredAt);

    // The person changed number or BSUID: the same customer takes the new identity (one
    // customer, one timeline); the system message shows the change in the timeline.
    const system = mapped.type === 'system' ? (message.system as Record<string, unknown> | undefined) : undefined;
    if (system && (system.type === 'user_changed_number' || system.type === 'user_changed_user_id')) {
      const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
      const change = {
        kind: system.type,
        waId: system.type === 'user_changed_number' ? str(system.wa_id) : null,
        userId: str(system.user_id),
        parentUserId: str(system.parent_user_id),
      } as const;
      const outcome: IdentityChangeOutcome = customer
        ? await getService(strapi, 'customers').applyIdentityChange(customer, change, route.tenant)
        : { applied: false, customer: null, reason: 'no customer matches the sender' };
      if (outcome.customer) customer = outcome.customer;
      const reason = 'reason' in outcome ? outcome.reason : null;
      mapped.payload.identityChange = outcome.applied
        ? { type: change.kind, applied: true, changed: outcome.changed, waId: change.waId, userId: change.userId }
        : { type: change.kind, applied: false, reason, waId: change.waId, userId: change.userId };
      if (!mapped.body) {
        mapped.body =
          change.kind === 'user_changed_number'
            ? `The customer changed their phone number to +${change.waId ?? '?'}`
            : `The customer's WhatsApp user id changed to ${change.userId ?? '?'}`;
      }
      if (!outcome.applied) strapi.log.warn(`[whatsapp] ${change.kind} for ${waId ?? userId}: not applied (${reason})`);
    }

    let created: any;
    try {
      created = await messages.create({
        data: { ...inboundData(mapped, sender, route), tenant: route.tenant?.id ?? null, customer: customer?.id ?? null, phoneNumber: route.phoneNumber.id },
      });
    } catch (error) {
      // Two deliveries of one message processed at the same moment: the other one stored it.
      if (isUniqueViolation(error) && (await messages.count({ where: { wamid: mapped.wamid } })) > 0) return 'duplicate';
      throw error;
    }

    announce(created, mapped, route, customer?.id ?? null);

    if (mapped.type === 'reaction') await attachReaction(mapped, waId || userId || 'unknown');
    const keywordText = keywordTextOf(mapped);
    if (customer && !customer.marketingOptOut && isOptOutKeyword(keywordText, config().optOutKeywords)) {
      await getService(strapi, 'customers').setMarketingOptOut(customer, true, mapped.occurredAt, route.tenant?.id);
    }
    // An opt-in keyword (START…) records the opt-in with its source (privacy/consent.ts).
    if (customer && isOptOutKeyword(keywordText, config().optInKeywords)) {
      await getService(strapi, 'consent').optInByKeyword(customer, mapped.occurredAt, route.tenant?.id);
    }
    return 'created';
  };

  /**
   * Inserts a batch's new inbound messages with their tenant, customer and number links, in a few
   * statements whatever the batch's size: the one place a batch's inbound rows are written. A
   * wamid already stored (a concurrent delivery) is skipped by the database (ON CONFLICT DO
   * NOTHING) and left out of the answer: the rows inserted, with their ids.
   */
  const insertInboundMessages = async (
    rows: { data: Record<string, unknown>; tenantId: number | null; customerId: number | null; phoneNumberId: number }[]
  ): Promise<{ id: number; documentId: string; wamid: string }[]> => {
    if (!rows.length) return [];
    const { table, column } = tableOf(strapi, UID.message);
    const knex = await currentTransaction(strapi);
    const now = new Date();
    const JSON_ATTRIBUTES = new Set(['payload', 'referral']);
    const records = rows.map(({ data }) => {
      const record: Record<string, unknown> = {
        [column('documentId')]: newDocumentId(),
        [column('createdAt')]: now,
        [column('updatedAt')]: now,
        [column('publishedAt')]: now,
      };
      for (const [attribute, value] of Object.entries(data)) {
        record[column(attribute)] = JSON_ATTRIBUTES.has(attribute) && value !== null && value !== undefined ? JSON.stringify(value) : value;
      }
      return record;
    });
    const inserted: { id: number; documentId: string; wamid: string }[] = [];
    // ~40 columns each: 8,000 bound values, far below PostgreSQL's 65,535 and SQLite's 32,766; a
    // claimed batch (200 events) then needs one statement.
    const ROWS_PER_STATEMENT = 200;
    for (let i = 0; i < records.length; i += ROWS_PER_STATEMENT) {
      const returned = await knex(table)
        .insert(records.slice(i, i + ROWS_PER_STATEMENT))
        .onConflict(column('wamid'))
        .ignore()
        .returning(['id', column('documentId'), column('wamid')]);
      for (const row of returned as any[]) inserted.push({ id: Number(row.id), documentId: row[column('documentId')], wamid: row[column('wamid')] });
    }
    const byWamid = new Map(rows.map((row) => [row.data.wamid as string, row]));
    const linksOf = (pick: (row: (typeof rows)[number]) => number | null) =>
      inserted.flatMap((created) => {
        const targetId = pick(byWamid.get(created.wamid)!);
        return targetId === null ? [] : [{ ownerId: created.id, targetId }];
      });
    await insertLinks(strapi, knex, UID.message, 'tenant', linksOf((row) => row.tenantId));
    await insertLinks(strapi, knex, UID.message, 'customer', linksOf((row) => row.customerId));
    await insertLinks(strapi, knex, UID.message, 'phoneNumber', linksOf((row) => row.phoneNumberId));
    return inserted;
  };

  return {
    /**
     * Whether a `messages` change's inbound messages can go through storeBatch: everything but
     * what acts on other rows message by message (reactions attach to their target, identity
     * changes move a customer's phone or BSUID, opt-out/opt-in keywords), which stays on
     * storeFromWebhook.
     */
    canStoreInBatch(value: MessagesValue): boolean {
      const { optOutKeywords, optInKeywords } = config();
      return (value.messages ?? []).every((message) => {
        const mapped = mapInboundMessage(message);
        if (!mapped) return true; // skipped either way
        if (mapped.type === 'reaction' || mapped.type === 'system') return false;
        const text = keywordTextOf(mapped);
        return !isOptOutKeyword(text, optOutKeywords) && !isOptOutKeyword(text, optInKeywords);
      });
    },

    /**
     * storeFromWebhook for the `messages` changes of a batch of events at once (each accepted by
     * canStoreInBatch): known wamids found in one query, the senders resolved in bulk
     * (customers.matchSenders), the new rows inserted together (insertInboundMessages). A wamid
     * twice in the batch is stored once, for its first occurrence. Same outcome per change as
     * storeFromWebhook would give processing them one after the other.
     */
    async storeBatch(changes: { value: MessagesValue; route: NumberRoute }[]): Promise<InboundResult[]> {
      const results = changes.map(() => ({ created: 0, duplicates: 0, skipped: 0 }));
      const items: { change: number; mapped: MappedInbound; sender: Sender; route: NumberRoute }[] = [];
      changes.forEach(({ value, route }, change) => {
        for (const message of value.messages ?? []) {
          const mapped = mapInboundMessage(message);
          if (!mapped) results[change].skipped += 1;
          else items.push({ change, mapped, sender: senderOf(message, contactFor(message, value.contacts)), route });
        }
      });
      const { table, column } = tableOf(strapi, UID.message);
      const knex = await currentTransaction(strapi);
      const known = new Set<string>();
      const wamids = [...new Set(items.map((item) => item.mapped.wamid))];
      for (let i = 0; i < wamids.length; i += 500) {
        const rows = await knex(table).select(column('wamid')).whereIn(column('wamid'), wamids.slice(i, i + 500));
        for (const row of rows) known.add(row[column('wamid')]);
      }
      const fresh = items.filter((item) => {
        if (known.has(item.mapped.wamid)) {
          results[item.change].duplicates += 1;
          return false;
        }
        known.add(item.mapped.wamid); // a later copy in this batch is a duplicate
        return true;
      });
      if (!fresh.length) return results;

      const customers = await getService(strapi, 'customers').matchSenders(
        fresh.map((item) => ({ identity: identityOf(item.sender, item.route), at: item.mapped.occurredAt }))
      );
      const rows = fresh.map((item, i) => ({
        data: inboundData(item.mapped, item.sender, item.route),
        tenantId: item.route.tenant?.id ?? null,
        customerId: customers[i]?.id ?? null,
        phoneNumberId: item.route.phoneNumber.id,
      }));
      const inserted = new Map((await insertInboundMessages(rows)).map((row) => [row.wamid, row]));
      fresh.forEach((item, i) => {
        const created = inserted.get(item.mapped.wamid);
        // Not inserted: another process stored that wamid meanwhile.
        if (!created) {
          results[item.change].duplicates += 1;
          return;
        }
        results[item.change].created += 1;
        announce({ ...created, conversationKey: rows[i].data.conversationKey as string }, item.mapped, item.route, rows[i].customerId);
      });
      return results;
    },

    /** Stores every message of one `messages` change value, in order. */
    async storeFromWebhook(value: MessagesValue, route: NumberRoute): Promise<InboundResult> {
      const result: InboundResult = { created: 0, duplicates: 0, skipped: 0 };
      for (const message of value.messages ?? []) {
        const outcome = await storeOne(message, contactFor(message, value.contacts), route);
        if (outcome === 'created') result.created += 1;
        else if (outcome === 'duplicate') result.duplicates += 1;
        else result.skipped += 1;
      }
      return result;
    },
  };
};
