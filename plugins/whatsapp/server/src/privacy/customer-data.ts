import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { EraseCustomer, ExportCustomerData } from '../../../shared/contracts/customer-data';
import { UID } from '../../../shared/uids';
import { ConflictError } from '../core/errors';
import { getService } from '../core/get-service';
import { MESSAGE_VIEW_POPULATE, toMessageView } from '../inbox/message-view';
import { deleteMessages, messagesWithFiles, removeFiles } from './message-files';

/**
 * A customer's data: the export (everything the plugin holds on them, with links to their media)
 * and the erasure (docs/privacy.md). Erasure removes the customer's messages and the media files
 * downloaded for them, the stored webhook bodies that carry their number or user id, their
 * conversation records (read markers, state, notes, send schedule), the live-update journal
 * entries about them, and the customer record itself; it is audited without naming them.
 */
const BATCH = 500;

/** Fields of the customer record that are the plugin's bookkeeping, not the customer's data. */
const INTERNAL = new Set(['id', 'identityKey', 'createdBy', 'updatedBy', 'locale', 'localizations', 'publishedAt']);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const findCustomer = async (documentId: string) => {
    const customer = await strapi.db.query(UID.customer).findOne({ where: { documentId }, populate: { tenant: { select: ['documentId', 'name'] } } });
    if (!customer) throw new errors.NotFoundError(`Customer ${documentId} not found`);
    return customer as Record<string, any>;
  };

  /** Every id the customer is known by in the comms log and in Meta's payloads. */
  const identifiersOf = (customer: Record<string, any>): string[] =>
    [...new Set([customer.waId, customer.phone ? String(customer.phone).replace(/^\+/, '') : null, customer.userId].filter((v): v is string => Boolean(v)))];

  const messagesWhere = (customer: Record<string, any>, ids: string[]) => ({
    $or: [{ customer: { id: customer.id } }, ...(ids.length ? [{ customerWaId: { $in: ids } }, { customerUserId: { $in: ids } }] : [])],
  });

  const mentioning = (field: string, ids: string[]) => ({ $or: ids.map((id) => ({ [field]: { $contains: id } })) });
  const conversationsOf = (field: string, ids: string[]) => ({ $or: ids.map((id) => ({ [field]: { $endsWith: `:${id}` } })) });

  return {
    async export(documentId: string): Promise<ExportCustomerData.Response['data']> {
      const customer = await findCustomer(documentId);
      const ids = identifiersOf(customer);
      const rows = await strapi.db.query(UID.message).findMany({
        where: messagesWhere(customer, ids),
        populate: MESSAGE_VIEW_POPULATE,
        orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      });
      const notes = ids.length
        ? ((await strapi.db.query(UID.conversationNote).findMany({ where: conversationsOf('conversationKey', ids), orderBy: { id: 'asc' } })) as any[])
        : [];
      await getService(strapi, 'audit').record({ action: 'customer.exported', subject: { type: 'customer', documentId, label: null }, after: { messages: rows.length } });
      return {
        exportedAt: new Date().toISOString(),
        customer: Object.fromEntries(Object.entries(customer).filter(([key]) => !INTERNAL.has(key))),
        messages: rows.map((row: any) => toMessageView(row)),
        notes: notes.map((note) => ({ body: note.body, authorName: note.authorName ?? null, createdAt: new Date(note.createdAt).toISOString() })),
      };
    },

    async erase(documentId: string): Promise<EraseCustomer.Erased> {
      const customer = await findCustomer(documentId);
      const ids = identifiersOf(customer);
      if (ids.length) {
        // Erasing under an event not applied yet would bring the customer back when it is.
        const unprocessed = await strapi.db.query(UID.webhookEvent).count({
          where: { $and: [{ processingStatus: { $in: ['pending', 'processing'] } }, mentioning('rawBody', ids)] },
        });
        if (unprocessed) {
          throw new ConflictError(`${unprocessed} webhook event(s) about this customer are still being processed. Try again in a minute.`);
        }
      }

      const files: Array<{ id: number }> = [];
      const erased = await strapi.db.transaction(async () => {
        let messages = 0;
        for (;;) {
          const batch = await messagesWithFiles(strapi, messagesWhere(customer, ids), BATCH);
          if (!batch.messageIds.length) break;
          await deleteMessages(strapi, batch.messageIds);
          files.push(...batch.files);
          messages += batch.messageIds.length;
        }
        let webhookEvents = 0;
        let conversationRecords = 0;
        if (ids.length) {
          const events = (await strapi.db.query(UID.webhookEvent).findMany({ where: mentioning('rawBody', ids), select: ['id'] })) as { id: number }[];
          const eventIds = events.map((event) => event.id);
          if (eventIds.length) {
            await strapi.db.query(UID.pendingStatus).deleteMany({ where: { webhookEventId: { $in: eventIds } } });
            await strapi.db.query(UID.webhookEvent).deleteMany({ where: { id: { $in: eventIds } } });
          }
          webhookEvents = eventIds.length;
          await strapi.db.query(UID.liveEvent).deleteMany({ where: mentioning('payload', ids) });
          for (const [uid, field] of [
            [UID.conversationRead, 'conversationKey'],
            [UID.conversationState, 'conversationKey'],
            [UID.conversationNote, 'conversationKey'],
            [UID.pairSchedule, 'pairKey'],
          ] as const) {
            const { count } = (await strapi.db.query(uid).deleteMany({ where: conversationsOf(field, ids) })) as { count: number };
            conversationRecords += count;
          }
        }
        await strapi.db.query(UID.customer).delete({ where: { id: customer.id } });
        const result = { messages, mediaFiles: files.length, webhookEvents, conversationRecords };
        await getService(strapi, 'audit').record({ action: 'customer.erased', subject: { type: 'customer', documentId, label: null }, after: result });
        return result;
      });
      // Files last, once the database no longer points at them: a file cannot be rolled back.
      erased.mediaFiles = await removeFiles(strapi, files);
      return erased;
    },
  };
};
