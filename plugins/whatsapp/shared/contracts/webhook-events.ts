/**
 * Admin API contracts of the webhook event log (server controllers and admin pages share them).
 */
import type { PageQuery, Pagination } from './pagination';

export const WEBHOOK_EVENT_STATUSES = ['pending', 'processing', 'processed', 'failed', 'unrouted'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

export interface WebhookEventSummary {
  id: number;
  documentId: string;
  /** The event's `processingStatus` attribute (the API keeps the name `status`). */
  status: WebhookEventStatus;
  fields: string | null;
  wabaId: string | null;
  phoneNumberIds: string | null;
  receivedAt: string | null;
  processedAt: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  error: string | null;
  outcome: Record<string, unknown> | null;
  pendingStatuses: { wamid: string; status: string }[] | null;
  /**
   * Parts of the payload not applied as Meta sent them: malformed entries, changes, messages,
   * statuses or contacts skipped, U+0000 replaced (server/src/inbound/payload-shape.ts).
   */
  payloadNotes: { path: string; reason: string }[] | null;
  tenant: { id: number; documentId: string; name: string } | null;
}

/** GET /whatsapp/webhook-events?status=failed&page=1&pageSize=20 */
export declare namespace ListWebhookEvents {
  interface Query extends PageQuery {
    status?: WebhookEventStatus;
  }
  interface Response {
    results: WebhookEventSummary[];
    pagination: Pagination;
  }
}

/** GET /whatsapp/webhook-events/:id — the summary plus the raw body as received. */
export declare namespace GetWebhookEvent {
  interface Response {
    data: WebhookEventSummary & { rawBody: string };
  }
}

/** POST /whatsapp/webhook-events/:id/retry — failed or unrouted events only. */
export declare namespace RetryWebhookEvent {
  interface Response {
    data: { id: number; status: WebhookEventStatus };
  }
}

/** POST /whatsapp/sandbox/inbound — offline mode only (409 otherwise). */
export declare namespace SimulateInbound {
  interface Request {
    body: {
      from: string;
      name?: string;
      text?: string;
      phoneNumberId?: string;
      /** A Meta message object (type and its content) instead of text. */
      message?: Record<string, unknown>;
    };
  }
  interface Response {
    data: { wamid: string; webhookStatus: number };
  }
}
