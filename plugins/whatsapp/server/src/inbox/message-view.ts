import type { Core } from '@strapi/strapi';
import type { CustomerSummary, MessageReaction, MessageView } from '../../../shared/contracts/conversations';
import { explainGraphError } from '../core/graph/errors';
import { UID } from '../../../shared/uids';

/**
 * Turns comms-log rows into what the admin shows (one shape for the timeline, the inbox and the
 * live stream), and loads what a page of messages needs around it in batched queries: the quoted
 * originals of replies and the reactions placed on each message. Text stays text: nothing here
 * formats or escapes it, the admin renders it with React text nodes.
 */

export const MESSAGE_VIEW_POPULATE = {
  media: { select: ['id', 'url', 'mime', 'name', 'size'] },
  phoneNumber: { select: ['id', 'phoneNumberId', 'displayPhoneNumber'] },
  automation: { select: ['id', 'documentId', 'name'] },
  customer: { select: ['id', 'documentId'] },
} as const;

const iso = (value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/** The customer as the timeline and the inbox list show it. */
export function toCustomerSummary(customer: any): CustomerSummary {
  return {
    documentId: customer.documentId,
    name: customer.name ?? null,
    phone: customer.phone ?? null,
    waId: customer.waId ?? null,
    userId: customer.userId ?? null,
    username: customer.username ?? null,
    language: customer.language ?? null,
    optedOut: Boolean(customer.optedOut),
    blockedAt: customer.blockedAt ? new Date(customer.blockedAt).toISOString() : null,
  };
}

const PREVIEW_LENGTH = 120;

/** A one-line text for quotes and the inbox list; the admin translates the `[type]` fallbacks. */
export function previewOf(row: any): string | null {
  const text = row?.body || row?.caption || row?.templateName || row?.mediaFilename || null;
  if (!text) return null;
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

/** Accepts the shapes a `reactions` json may take (array of entries or a map by side). */
function normaliseStoredReactions(value: unknown): MessageReaction[] {
  if (!value) return [];
  const entries: any[] = Array.isArray(value) ? value : typeof value === 'object' ? Object.entries(value as object).map(([from, v]) => ({ from, ...(v as object) })) : [];
  const result: MessageReaction[] = [];
  for (const entry of entries) {
    const emoji = typeof entry?.emoji === 'string' ? entry.emoji : '';
    if (!emoji) continue;
    const side = entry.from === 'business' || entry.direction === 'outbound' ? 'business' : 'customer';
    result.push({ emoji, from: side, at: iso(entry.at ?? entry.occurredAt ?? entry.timestamp) });
  }
  return result;
}

/** One reaction per side (WhatsApp keeps one reaction per person per message): the latest wins. */
function mergeReactions(list: MessageReaction[]): MessageReaction[] {
  const bySide = new Map<string, MessageReaction>();
  for (const reaction of list) {
    const current = bySide.get(reaction.from);
    if (!current || (reaction.at ?? '') >= (current.at ?? '')) bySide.set(reaction.from, reaction);
  }
  return [...bySide.values()].filter((r) => r.emoji);
}

export function toMessageView(row: any, extras: { replyTo?: any; reactions?: MessageReaction[] } = {}): MessageView {
  const failed = row.deliveryStatus === 'failed';
  const hasError = failed || row.errorCode !== null && row.errorCode !== undefined;
  const media = row.media
    ? {
        url: row.media.url ?? null,
        mimeType: row.media.mime ?? row.mediaMimeType ?? null,
        filename: row.mediaFilename ?? row.media.name ?? null,
        size: typeof row.media.size === 'number' ? row.media.size : null,
        status: row.mediaStatus ?? null,
        error: row.mediaError ?? null,
      }
    : row.mediaId || row.mediaLink || (row.mediaStatus && row.mediaStatus !== 'none')
      ? {
          url: null,
          mimeType: row.mediaMimeType ?? null,
          filename: row.mediaFilename ?? null,
          size: null,
          status: row.mediaStatus ?? null,
          error: row.mediaError ?? null,
        }
      : null;
  const automation = row.automation || row.sourceUid
    ? {
        documentId: row.automation?.documentId ?? null,
        name: row.automation?.name ?? null,
        sourceUid: row.sourceUid ?? null,
        sourceDocumentId: row.sourceDocumentId ?? null,
      }
    : null;

  return {
    id: row.id,
    documentId: row.documentId,
    wamid: row.wamid ?? null,
    conversationKey: row.conversationKey ?? null,
    direction: row.direction,
    type: row.type,
    status: row.deliveryStatus,
    occurredAt: iso(row.occurredAt ?? row.createdAt),
    statusTimes: {
      queued: iso(row.queuedAt),
      sending: iso(row.sendingAt),
      sent: iso(row.sentAt),
      delivered: iso(row.deliveredAt),
      read: iso(row.readAt),
      played: iso(row.playedAt),
      failed: iso(row.failedAt),
      received: iso(row.receivedAt),
    },
    body: row.body ?? null,
    caption: row.caption ?? null,
    payload: row.payload ?? null,
    media,
    template: row.templateName
      ? { name: row.templateName, language: row.templateLanguage ?? null, parameters: row.templateParameters ?? null }
      : null,
    replyTo: row.contextWamid
      ? {
          wamid: row.contextWamid,
          documentId: extras.replyTo?.documentId ?? null,
          direction: extras.replyTo?.direction ?? null,
          type: extras.replyTo?.type ?? null,
          preview: extras.replyTo ? previewOf(extras.replyTo) : null,
        }
      : null,
    forwarded: Boolean(row.forwarded || row.frequentlyForwarded),
    reactions: extras.reactions ?? mergeReactions(normaliseStoredReactions(row.reactions)),
    businessPhoneNumberId: row.businessPhoneNumberId ?? row.phoneNumber?.phoneNumberId ?? null,
    businessDisplayPhoneNumber: row.phoneNumber?.displayPhoneNumber ?? null,
    customerPhone: row.customerPhone ?? row.customerWaId ?? null,
    profileName: row.profileName ?? null,
    author: row.direction === 'outbound' && (row.authorId || row.authorName) ? { id: row.authorId ?? null, name: row.authorName ?? null } : null,
    automation,
    error: hasError
      ? {
          code: row.errorCode ?? null,
          title: row.errorTitle ?? null,
          details: row.errorDetails ?? null,
          explanation: explainGraphError(row.errorCode ?? undefined),
        }
      : null,
    retryable: failed && row.direction === 'outbound',
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const messages = () => strapi.db.query(UID.message);

  return {
    /**
     * Views for a page of rows: quoted originals in one query, reactions (stored on the message by
     * the webhook, plus reaction messages that point at it) in one more.
     */
    async present(rows: any[]): Promise<MessageView[]> {
      if (rows.length === 0) return [];
      const quotedWamids = [...new Set(rows.map((r) => r.contextWamid).filter(Boolean))];
      const ownWamids = [...new Set(rows.map((r) => r.wamid).filter(Boolean))];

      const [quoted, reactionRows] = await Promise.all([
        quotedWamids.length
          ? messages().findMany({
              where: { wamid: { $in: quotedWamids } },
              select: ['id', 'documentId', 'wamid', 'direction', 'type', 'body', 'caption', 'templateName', 'mediaFilename'],
            })
          : [],
        ownWamids.length
          ? messages().findMany({
              // Inbound reactions name their target in contextWamid; ours carry it in the Cloud API
              // payload (reaction.message_id), so those are read from the page's conversations,
              // after its oldest message (a reaction always comes after its target).
              where: {
                type: 'reaction',
                $or: [
                  { contextWamid: { $in: ownWamids } },
                  {
                    direction: 'outbound',
                    conversationKey: { $in: [...new Set(rows.map((r) => r.conversationKey).filter(Boolean))] },
                    id: { $gt: Math.min(...rows.map((r) => r.id)) },
                  },
                ],
              },
              select: ['id', 'direction', 'contextWamid', 'reactionEmoji', 'payload', 'deliveryStatus', 'occurredAt', 'createdAt'],
              orderBy: [{ id: 'asc' }],
            })
          : [],
      ]);
      const quotedByWamid = new Map(quoted.map((q: any) => [q.wamid, q]));
      const reactionsByTarget = new Map<string, MessageReaction[]>();
      const ownSet = new Set(ownWamids);
      for (const r of reactionRows as any[]) {
        const target: string | undefined = r.contextWamid ?? r.payload?.reaction?.message_id;
        if (!target || !ownSet.has(target) || r.deliveryStatus === 'failed') continue;
        const list = reactionsByTarget.get(target) ?? [];
        list.push({
          emoji: r.reactionEmoji ?? '',
          from: r.direction === 'outbound' ? 'business' : 'customer',
          at: iso(r.occurredAt ?? r.createdAt),
        });
        reactionsByTarget.set(target, list);
      }

      return rows.map((row) => {
        const stored = normaliseStoredReactions(row.reactions);
        const fromRows = row.wamid ? reactionsByTarget.get(row.wamid) ?? [] : [];
        return toMessageView(row, {
          replyTo: row.contextWamid ? quotedByWamid.get(row.contextWamid) : undefined,
          reactions: mergeReactions([...stored, ...fromRows]),
        });
      });
    },

    /** One message by id, as the stream sends it. */
    async presentById(id: number): Promise<{ view: MessageView; customerDocumentId: string | null; tenantId: number | null } | null> {
      const row = await messages().findOne({ where: { id }, populate: { ...MESSAGE_VIEW_POPULATE, tenant: { select: ['id'] } } });
      if (!row) return null;
      const [view] = await this.present([row]);
      return { view, customerDocumentId: row.customer?.documentId ?? null, tenantId: row.tenant?.id ?? null };
    },
  };
};
