import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../utils/get-service';
import type { MessageDto } from '../../../shared/contracts/messages';

/**
 * Calls into parts of the plugin that may not be installed in every build (the inbound status
 * processor, the real-time events bus). A missing service, or one that throws, never breaks a
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
    await statuses.applyPendingFor(wamid);
  } catch (error) {
    strapi.log.warn(`[whatsapp] could not apply early status webhooks for ${wamid}: ${(error as Error).message}`);
  }
}

/** Tells real-time listeners (admin timeline, SSE) that a message changed. */
export function emitMessageUpdated(strapi: Core.Strapi, message: MessageDto): void {
  const events = optionalService(strapi, 'events');
  const publish = events?.emit ?? events?.publish;
  if (typeof publish !== 'function') return;
  try {
    const result = publish.call(events, 'message.updated', message);
    if (result && typeof result.catch === 'function') result.catch(() => undefined);
  } catch (error) {
    strapi.log.debug(`[whatsapp] message.updated listener failed: ${(error as Error).message}`);
  }
}
