import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { messageEventOf, type MessageEvent } from '../core/events';
import { PLUGIN_ID, getService } from '../core/get-service';

/**
 * Calls into parts of the plugin that may not be present in every build (the inbound status
 * processor, the in-process events bus). A missing service, or one that throws, never breaks a
 * send: these are notifications, not steps of the outbox.
 */
function optionalService(strapi: Core.Strapi, name: string): Record<string, any> | undefined {
  try {
    return strapi.plugin(PLUGIN_ID).service(name) as Record<string, any> | undefined;
  } catch {
    return undefined;
  }
}

/** Status webhooks can arrive before the wamid is stored; the inbound side parks them until now. */
export async function applyPendingStatuses(strapi: Core.Strapi, wamid: string): Promise<void> {
  const statuses = optionalService(strapi, 'statuses');
  if (typeof statuses?.applyPendingFor !== 'function') return;
  try {
    const applied = await statuses.applyPendingFor(wamid);
    // A parked `failed` (or a `delivered` after it) changes the conversation's inbox row.
    if (applied > 0) {
      const summaries = getService(strapi, 'conversation-summaries');
      await summaries.refresh(await summaries.keysOfWamids([wamid]));
    }
  } catch (error) {
    strapi.log.warn(`[whatsapp] could not apply early status webhooks for ${wamid}: ${(error as Error).message}`);
  }
}

/** The plugin's events bus, when present and someone listens for `name`. */
function listenedBus(strapi: Core.Strapi, name: string): Record<string, any> | undefined {
  const events = optionalService(strapi, 'events');
  if (typeof events?.emit !== 'function') return undefined;
  if (typeof events.hasListeners === 'function' && !events.hasListeners(name)) return undefined;
  return events;
}

/**
 * Tells in-process listeners (the admin's live timeline) that a message was created or changed,
 * with the small payload the events bus defines (ids, not rows). Reads the row for it.
 */
export async function notifyMessage(
  strapi: Core.Strapi,
  name: 'message.created' | 'message.updated',
  id: number,
  change: string
): Promise<void> {
  const events = listenedBus(strapi, name);
  if (!events) return;
  try {
    const row = await strapi.db.query(UID.message).findOne({
      where: { id },
      select: ['id', 'documentId', 'direction', 'deliveryStatus', 'type', 'conversationKey', 'wamid'],
      populate: { tenant: { select: ['id'] }, customer: { select: ['id'] } },
    });
    if (!row) return;
    events.emit(name, messageEventOf(row, change));
  } catch (error) {
    strapi.log.debug(`[whatsapp] ${name} notification failed: ${(error as Error).message}`);
  }
}

/** Like notifyMessage, for a caller that already holds the event's fields (the outbox): no read. */
export function emitMessageEvent(strapi: Core.Strapi, name: 'message.created' | 'message.updated', event: MessageEvent): void {
  listenedBus(strapi, name)?.emit(name, event);
}
