import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';

/**
 * The media files that go when messages go: the files the plugin downloaded from WhatsApp for
 * inbound messages (the customer's photos, voice notes, documents). A file an agent attached to an
 * outbound message comes from the media library and stays there: it is the business's content,
 * possibly attached to other messages too.
 */

interface MessageFiles {
  messageIds: number[];
  files: Array<{ id: number }>;
}

/** Ids of the messages matching `where` (at most `limit`) and the inbound media files among them. */
export async function messagesWithFiles(strapi: Core.Strapi, where: Record<string, unknown>, limit?: number): Promise<MessageFiles> {
  const rows = (await strapi.db.query(UID.message).findMany({
    where,
    select: ['id', 'direction'],
    populate: { media: { select: ['id'] } },
    orderBy: { id: 'asc' },
    ...(limit ? { limit } : {}),
  })) as Array<{ id: number; direction: string; media?: { id: number } | null }>;
  return {
    messageIds: rows.map((row) => row.id),
    files: rows.filter((row) => row.direction === 'inbound' && row.media?.id).map((row) => ({ id: row.media!.id })),
  };
}

/**
 * Deletes files from the upload provider (public/uploads, S3…) and their records, one by one
 * through the upload plugin so every format (thumbnails) goes too. Returns how many went; a file
 * that could not be deleted is logged by id (never its name: it may hold the customer's data).
 */
export async function removeFiles(strapi: Core.Strapi, files: Array<{ id: number }>): Promise<number> {
  const upload = strapi.plugin('upload').service('upload');
  let removed = 0;
  for (const { id } of files) {
    const file = await strapi.db.query('plugin::upload.file').findOne({ where: { id } });
    if (!file) continue;
    try {
      await upload.remove(file);
      removed += 1;
    } catch (error) {
      strapi.log.error(`[whatsapp] media file #${id} could not be deleted: ${(error as Error).message}`);
    }
  }
  return removed;
}

/**
 * Deletes messages by id, and their links to media files: the query engine's deleteMany leaves the
 * polymorphic media links (`files_related_mph`) behind, as they carry no foreign key to the message.
 */
export async function deleteMessages(strapi: Core.Strapi, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const morph = (strapi.db.metadata.get('plugin::upload.file').attributes as any).related?.joinTable;
  // The caller's transaction when there is one (erasure), else one of its own (a retention batch).
  await strapi.db.transaction(async ({ trx }) => {
    if (morph?.morphColumn) {
      await trx(morph.name).where(morph.morphColumn.typeColumn.name, UID.message).whereIn(morph.morphColumn.idColumn.name, ids).delete();
    }
    const summaries = getService(strapi, 'conversation-summaries');
    const keys = await summaries.keysOfMessages(ids);
    await strapi.db.query(UID.message).deleteMany({ where: { id: { $in: ids } } });
    // Their conversations' inbox rows: recomputed from what is left, removed when nothing is.
    await summaries.refresh(keys);
  });
}
