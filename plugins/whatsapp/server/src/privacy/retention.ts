import type { Core } from '@strapi/strapi';
import { getService } from '../core/get-service';
import { deleteMessages, messagesWithFiles, removeFiles } from './message-files';

/**
 * Message retention (WHATSAPP_MESSAGE_RETENTION_DAYS, off by default): messages older than the
 * retention, with the media files downloaded for them, are deleted once a day, BATCH at a time,
 * each batch its own short statement, so the comms log stays writable while a large backlog goes.
 * Messages still in the outbox (queued, sending) are never pruned: they have not happened yet.
 */
const BATCH = 500;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async prune(now = new Date()): Promise<{ messages: number; files: number }> {
    const days = getService(strapi, 'runtime').get().config.messageRetentionDays;
    if (!days) return { messages: 0, files: 0 };
    const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
    const where = { occurredAt: { $lt: cutoff }, deliveryStatus: { $notIn: ['queued', 'sending'] } };
    let messages = 0;
    let files = 0;
    for (;;) {
      const batch = await messagesWithFiles(strapi, where, BATCH);
      if (batch.messageIds.length === 0) break;
      await deleteMessages(strapi, batch.messageIds);
      files += await removeFiles(strapi, batch.files);
      messages += batch.messageIds.length;
    }
    if (messages) strapi.log.info(`[whatsapp] retention: ${messages} messages and ${files} media files older than ${days} days deleted`);
    return { messages, files };
  },
});
