import type { MessageDto, MessageStatus } from '../../../shared/contracts/messages';
import { explainGraphError } from '../core/graph';

/** Populate needed by `toMessageDto`. */
export const MESSAGE_DTO_POPULATE = {
  customer: { select: ['id', 'documentId', 'name', 'phone'] },
  tenant: { select: ['id', 'documentId', 'name'] },
  media: { select: ['id'] },
} as const;

const iso = (value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value as string);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/** The public shape of a message row: queue internals (locks) and relation ids stay inside. */
export function toMessageDto(row: Record<string, any>): MessageDto {
  const hasError = row.errorCode !== null && row.errorCode !== undefined ? true : Boolean(row.errorTitle);
  return {
    documentId: row.documentId,
    direction: row.direction,
    type: row.type,
    status: row.deliveryStatus as MessageStatus,
    wamid: row.wamid ?? null,
    body: row.body ?? null,
    caption: row.caption ?? null,
    payload: row.payload ?? null,
    templateName: row.templateName ?? null,
    templateLanguage: row.templateLanguage ?? null,
    templateParameters: row.templateParameters ?? null,
    contextWamid: row.contextWamid ?? null,
    reactionEmoji: row.reactionEmoji ?? null,
    businessPhoneNumberId: row.businessPhoneNumberId ?? null,
    customerPhone: row.customerPhone ?? null,
    customerWaId: row.customerWaId ?? null,
    customer: row.customer ? { documentId: row.customer.documentId, name: row.customer.name ?? null, phone: row.customer.phone ?? null } : null,
    tenant: row.tenant ? { documentId: row.tenant.documentId, name: row.tenant.name } : null,
    media: {
      fileId: row.media?.id ?? null,
      mediaId: row.mediaId ?? null,
      link: row.mediaLink ?? null,
      mimeType: row.mediaMimeType ?? null,
      filename: row.mediaFilename ?? null,
    },
    error: hasError
      ? {
          code: row.errorCode ?? null,
          title: row.errorTitle ?? null,
          details: row.errorDetails ?? null,
          explanation: row.errorCode !== null && row.errorCode !== undefined ? explainGraphError(row.errorCode) : null,
        }
      : null,
    attempts: row.attempts ?? 0,
    maxAttempts: row.maxAttempts ?? null,
    nextAttemptAt: iso(row.nextAttemptAt),
    priority: row.priority ?? 0,
    idempotencyKey: row.idempotencyKey ?? null,
    author: row.authorId ? { id: row.authorId, name: row.authorName ?? null } : null,
    occurredAt: iso(row.occurredAt),
    queuedAt: iso(row.queuedAt),
    sendingAt: iso(row.sendingAt),
    acceptedAt: iso(row.acceptedAt),
    sentAt: iso(row.sentAt),
    deliveredAt: iso(row.deliveredAt),
    readAt: iso(row.readAt),
    failedAt: iso(row.failedAt),
    receivedAt: iso(row.receivedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
