import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';

/** The customer-service window: 24 h from the customer's last message to that business number. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export const conversationKeyOf = (phoneNumberId: string, waId: string) => `${phoneNumberId}:${waId}`;

/**
 * When the customer last wrote to this business number, from the comms log: inbound messages
 * of the customer, or (for messages stored before the customer was matched) of the conversation
 * `{phoneNumberId}:{waId}`. Uses the (conversation_key, occurred_at) index. The offline sandbox
 * asks the same question (core/offline/world.ts), with no customer when none is known yet.
 */
export async function lastInboundAt(
  strapi: Core.Strapi,
  input: { phoneNumberId: string; customerId: number | null; waIds: string[] }
): Promise<Date | null> {
  const keys = [...new Set(input.waIds.filter(Boolean))].map((waId) => conversationKeyOf(input.phoneNumberId, waId));
  const matches = [
    ...(input.customerId !== null ? [{ customer: { id: input.customerId } }] : []),
    ...(keys.length > 0 ? [{ conversationKey: { $in: keys } }] : []),
  ];
  if (matches.length === 0) return null;
  const row = await strapi.db.query(UID.message).findOne({
    where: {
      direction: 'inbound',
      businessPhoneNumberId: input.phoneNumberId,
      $or: matches,
    },
    select: ['occurredAt'],
    orderBy: { occurredAt: 'desc' },
  });
  return row?.occurredAt ? new Date(row.occurredAt) : null;
}

export function windowIsOpen(last: Date | null, now = Date.now()): boolean {
  return last !== null && now - last.getTime() < WINDOW_MS;
}
