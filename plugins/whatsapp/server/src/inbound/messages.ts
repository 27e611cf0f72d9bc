import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { isPostgres, isUniqueViolation, tableOf } from '../core/db';
import { getService } from '../core/get-service';
import { messageEventOf } from '../core/events';
import { normalizePhone } from '../core/phone';
import { isOptOutKeyword, mapInboundMessage, type MappedInbound } from './inbound-mapper';
import type { InboundMessage, MessagesValue, WebhookContact } from './webhook-types';
import type { NumberRoute } from './number-routing';
import type { IdentityChangeOutcome } from './customers';

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

  const storeOne = async (
    message: InboundMessage,
    contact: WebhookContact | undefined,
    route: NumberRoute
  ): Promise<'created' | 'duplicate' | 'skipped'> => {
    const mapped = mapInboundMessage(message);
    if (!mapped) return 'skipped';
    const messages = strapi.db.query(UID.message);
    if ((await messages.count({ where: { wamid: mapped.wamid } })) > 0) return 'duplicate';

    const waId = message.from ?? contact?.wa_id ?? null;
    const userId = message.from_user_id ?? contact?.user_id ?? null;
    const profileName = contact?.profile?.name ?? null;
    const username = typeof contact?.profile?.username === 'string' && contact.profile.username ? contact.profile.username.replace(/^@/, '') : null;
    const parentUserId = contact?.parent_user_id ?? null;
    const phone = waId ? normalizePhone(waId) : null;
    let customer = await getService(strapi, 'customers').matchSender(
      { tenant: route.tenant, waId, userId, parentUserId, username, profileName },
      mapped.occurredAt
    );

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
        data: {
          wamid: mapped.wamid,
          direction: 'inbound',
          type: mapped.type,
          deliveryStatus: 'received',
          body: mapped.body,
          caption: mapped.caption,
          payload: mapped.payload,
          conversationKey: `${route.phoneNumber.phoneNumberId}:${waId || userId || 'unknown'}`,
          businessPhoneNumberId: route.phoneNumber.phoneNumberId,
          customerPhone: phone?.e164 ?? null,
          customerWaId: waId,
          customerUserId: userId,
          profileName,
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
          tenant: route.tenant?.id ?? null,
          customer: customer?.id ?? null,
          phoneNumber: route.phoneNumber.id,
        },
      });
    } catch (error) {
      // Two deliveries of one message processed at the same moment: the other one stored it.
      if (isUniqueViolation(error) && (await messages.count({ where: { wamid: mapped.wamid } })) > 0) return 'duplicate';
      throw error;
    }

    getService(strapi, 'events').emit('message.created', {
      id: created.id,
      documentId: created.documentId,
      direction: 'inbound',
      status: 'received',
      type: mapped.type,
      conversationKey: created.conversationKey,
      tenantId: route.tenant?.id ?? null,
      customerId: customer?.id ?? null,
      wamid: mapped.wamid,
    });

    if (mapped.type === 'reaction') await attachReaction(mapped, waId || userId || 'unknown');
    if (mapped.media) getService(strapi, 'media-downloads').start(created.id);

    const keywordText = mapped.type === 'text' || mapped.type === 'button' || mapped.type === 'interactive' ? mapped.body : null;
    if (customer && !customer.marketingOptOut && isOptOutKeyword(keywordText, config().optOutKeywords)) {
      await getService(strapi, 'customers').setMarketingOptOut(customer, true, mapped.occurredAt, route.tenant?.id);
    }
    // An opt-in keyword (START…) records the opt-in with its source (privacy/consent.ts).
    if (customer && isOptOutKeyword(keywordText, config().optInKeywords)) {
      await getService(strapi, 'consent').optInByKeyword(customer, mapped.occurredAt, route.tenant?.id);
    }
    return 'created';
  };

  return {
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
