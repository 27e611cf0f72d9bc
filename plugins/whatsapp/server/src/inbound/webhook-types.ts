import { storableText } from './storable-text';

/**
 * The parts of Meta's webhook payloads the plugin reads (docs/whatsapp-cloud-api.md#webhook-payloads).
 * Everything is optional on purpose: payloads come from outside and are checked field by field
 * where used.
 */
export interface WebhookPayload {
  object?: string;
  entry?: WebhookEntry[];
}

export interface WebhookEntry {
  /** The WABA id. */
  id?: string;
  time?: number;
  changes?: WebhookChange[];
}

export interface WebhookChange {
  field?: string;
  value?: any;
}

export interface MessagesValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: WebhookContact[];
  messages?: InboundMessage[];
  statuses?: StatusItem[];
  errors?: WebhookError[];
}

export interface WebhookContact {
  wa_id?: string;
  user_id?: string;
  parent_user_id?: string;
  profile?: { name?: string; username?: string };
}

export interface WebhookError {
  code?: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
  href?: string;
}

export interface InboundMessage {
  id?: string;
  from?: string;
  from_user_id?: string;
  timestamp?: string;
  type?: string;
  context?: {
    from?: string;
    id?: string;
    forwarded?: boolean;
    frequently_forwarded?: boolean;
    referred_product?: Record<string, unknown>;
  };
  referral?: Record<string, unknown>;
  errors?: WebhookError[];
  [type: string]: any;
}

export interface StatusItem {
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  recipient_user_id?: string;
  conversation?: { id?: string; origin?: { type?: string } };
  pricing?: { billable?: boolean; pricing_model?: string; type?: string; category?: string };
  errors?: WebhookError[];
  biz_opaque_callback_data?: string;
}

/** What the event log keeps next to the raw body, for filtering and for finding the app secret. */
export interface PayloadSummary {
  fields: string[];
  wabaIds: string[];
  phoneNumberIds: string[];
}

/**
 * Reads the routing keys of a payload without trusting its shape. They are stored in text
 * columns at once, before processing checks the rest: U+0000 is replaced here (storable-text.ts),
 * or PostgreSQL would refuse the INSERT and the webhook would answer 500 for as long as Meta
 * redelivers.
 */
export function summarizePayload(payload: unknown): PayloadSummary {
  const fields = new Set<string>();
  const wabaIds = new Set<string>();
  const phoneNumberIds = new Set<string>();
  const entries = (payload as WebhookPayload | null)?.entry;
  if (Array.isArray(entries)) {
    for (const entry of entries) {
      if (!entry || typeof entry !== 'object') continue;
      if (entry.id !== undefined && entry.id !== null) wabaIds.add(storableText(String(entry.id)));
      if (!Array.isArray(entry.changes)) continue;
      for (const change of entry.changes) {
        if (!change || typeof change !== 'object') continue;
        if (typeof change.field === 'string') fields.add(storableText(change.field));
        const pnid = change.value?.metadata?.phone_number_id;
        if (pnid !== undefined && pnid !== null) phoneNumberIds.add(storableText(String(pnid)));
      }
    }
  }
  return { fields: [...fields], wabaIds: [...wabaIds], phoneNumberIds: [...phoneNumberIds] };
}
