import type { Core } from '@strapi/strapi';
import { ListNotes, type ConversationNote, type StreamConversationNote } from '../../../shared/contracts/conversations-team';
import { UID } from '../../../shared/uids';
import { afterCommit } from '../core/db';
import { getService } from '../core/get-service';
import { displayName } from './states';

/**
 * Internal notes on a conversation: written by the team, shown in the timeline, never sent. They
 * live in their own table (`whatsapp_conversation_notes`), not in the comms log, so nothing that
 * reads the log to send, count or bill (the outbox, statistics, unread counts, Meta's webhooks)
 * can ever mistake one for a message.
 */

type User = { id: number; firstname?: string | null; lastname?: string | null; username?: string | null; email?: string | null };

export function toNote(row: any): ConversationNote {
  return {
    id: row.id,
    documentId: row.documentId,
    conversationKey: row.conversationKey,
    body: row.body,
    author: row.authorId ? { id: Number(row.authorId), name: row.authorName ?? null } : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The notes of one or more conversations (a customer's comms tab shows all of theirs), oldest first. */
  async list(keys: string[]): Promise<ConversationNote[]> {
    const rows = await strapi.db.query(UID.conversationNote).findMany({
      where: { conversationKey: { $in: keys } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit: ListNotes.LIMIT,
    });
    return rows.reverse().map(toNote);
  },

  async create(conversationKey: string, body: string, user: User): Promise<ConversationNote> {
    await getService(strapi, 'conversation-states').requireConversations([conversationKey], 'conversationKey');
    const row = await strapi.db.query(UID.conversationNote).create({
      data: { conversationKey, body, authorId: user.id, authorName: displayName(user) },
    });
    const note = toNote(row);
    const payload: StreamConversationNote = { note };
    afterCommit(strapi, () => getService(strapi, 'stream').broadcast('conversation.note', payload));
    return note;
  },
});
