import { z } from 'zod';
import { pageQuery, type Pagination } from './pagination';
import { assigneeFilter, stateFilter, type AssigneeCounts, type ConversationStatus, type StateCounts } from './conversations-team';

/**
 * Contracts of the inbox: conversations, a customer's timeline, read markers, the live stream and
 * delivery statistics. Used by the server (validation, response shapes) and the admin (types).
 * A conversation is one customer × one business number, keyed `${phoneNumberId}:${waId || userId}`.
 */

export const MESSAGE_TYPES = [
  'text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive',
  'button', 'reaction', 'order', 'system', 'template', 'request_welcome', 'unsupported', 'unknown',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type MessageStatus =
  | 'queued' | 'sending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'played' | 'failed' | 'review' | 'received';

/** The 24-hour customer-service window opened by the customer's last message on a number. */
export const WINDOW_HOURS = 24;

export interface MessageReaction {
  emoji: string;
  /** 'customer' for an inbound reaction, 'business' for one sent from here. */
  from: 'customer' | 'business';
  at?: string | null;
}

export interface MessageMediaView {
  /** URL of the file in Strapi's media library (absolute or relative to the admin's origin). */
  url: string | null;
  mimeType: string | null;
  filename: string | null;
  size: number | null;
  /** none | pending | downloaded | failed: inbound media is fetched from Meta after the message arrives. */
  status: string | null;
  error: string | null;
}

export interface MessageView {
  id: number;
  documentId: string;
  wamid: string | null;
  conversationKey: string | null;
  direction: 'inbound' | 'outbound';
  type: MessageType;
  /** The message's `deliveryStatus` (the API keeps the name `status`). */
  status: MessageStatus;
  occurredAt: string | null;
  statusTimes: Partial<Record<'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'played' | 'failed' | 'received', string | null>>;
  /** Plain text as sent or received; the admin renders it as text, never as HTML. */
  body: string | null;
  caption: string | null;
  /** The type-specific object from WhatsApp (location, contacts, interactive, button, order…). */
  payload: unknown;
  media: MessageMediaView | null;
  template: { name: string; language: string | null; parameters: unknown } | null;
  /** The message this one replies to (WhatsApp `context.id`), when known. */
  replyTo: { wamid: string; documentId: string | null; direction: string | null; type: string | null; preview: string | null } | null;
  forwarded: boolean;
  reactions: MessageReaction[];
  businessPhoneNumberId: string | null;
  businessDisplayPhoneNumber: string | null;
  customerPhone: string | null;
  profileName: string | null;
  author: { id: number | null; name: string | null } | null;
  automation: { documentId: string | null; name: string | null; sourceUid: string | null; sourceDocumentId: string | null } | null;
  error: { code: number | null; title: string | null; details: string | null; explanation: string } | null;
  retryable: boolean;
}

export interface ConversationWindow {
  phoneNumberId: string;
  displayPhoneNumber: string | null;
  conversationKey: string;
  lastInboundAt: string | null;
  /** ISO time the free-form window closes; null when it never opened; in the past when closed. */
  windowOpenUntil: string | null;
  open: boolean;
}

export interface CustomerSummary {
  documentId: string;
  name: string | null;
  phone: string | null;
  waId: string | null;
  /** Meta's business-scoped user id (BSUID); the only id of a username user who hides the number. */
  userId: string | null;
  /** The WhatsApp username, without "@" (docs/identity.md). */
  username: string | null;
  language: string | null;
  optedOut: boolean;
  /** When the customer was blocked on WhatsApp (docs/customers-blocking.md); null when not blocked. */
  blockedAt: string | null;
}

/** GET /whatsapp/customers/:documentId/timeline?before=<cursor>&limit=&phoneNumberId= */
export namespace GetTimeline {
  export const query = z
    .object({
      before: z.string().trim().min(1).max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(30),
      phoneNumberId: z.string().trim().regex(/^\d{1,30}$/, 'must be a phone number id (digits)').optional(),
    })
    .strict();
  export type Query = z.input<typeof query>;
  export interface Response {
    data: {
      customer: CustomerSummary;
      /** Oldest first, newest at the bottom. */
      messages: MessageView[];
      windows: ConversationWindow[];
      unread: number;
    };
    meta: { hasMore: boolean; nextCursor: string | null; serverTime: string };
  }
}

/** GET /whatsapp/conversations */
export namespace ListConversations {
  export const query = z
    .object({
      ...pageQuery({ maxPage: 100000 }),
      tenant: z.string().trim().min(1).max(100).optional(),
      phoneNumberId: z.string().trim().regex(/^\d{1,30}$/, 'must be a phone number id (digits)').optional(),
      unread: z.enum(['true', 'false']).optional(),
      failed: z.enum(['true', 'false']).optional(),
      type: z.enum(MESSAGE_TYPES).optional(),
      search: z.string().trim().max(100).optional(),
      /** The team's state (contracts/conversations-team.ts); default all. */
      state: stateFilter.optional(),
      /** me, none (unassigned) or an admin user id. */
      assignee: assigneeFilter.optional(),
    })
    .strict();
  export type Query = z.input<typeof query>;
  /** With the team's state and assignee (ConversationStatus). */
  export interface Conversation extends ConversationStatus {
    conversationKey: string;
    customer: CustomerSummary | null;
    /** Who wrote to us when no customer record matched (unknown sender). */
    contact: { waId: string | null; userId: string | null; profileName: string | null; phone: string | null };
    phoneNumber: { phoneNumberId: string; displayPhoneNumber: string | null } | null;
    tenant: { documentId: string; name: string } | null;
    lastMessage: MessageView;
    lastMessageAt: string | null;
    unread: number;
    failed: number;
    messageCount: number;
  }
  export interface Response {
    data: Conversation[];
    meta: {
      pagination: Pagination;
      totalUnread: number;
      /** Conversations per state under the other filters (the assignee filter included). */
      stateCounts: StateCounts;
      /** Mine / unassigned / all under the other filters (the state filter included). */
      assigneeCounts: AssigneeCounts;
    };
  }
}

/** POST /whatsapp/conversations/read { conversationKey } or { customerDocumentId } */
export namespace MarkRead {
  export const body = z
    .object({
      conversationKey: z.string().trim().min(3).max(300).optional(),
      customerDocumentId: z.string().trim().min(1).max(100).optional(),
      /** Read up to this message (id); default: the newest message of each conversation. */
      upToMessageId: z.number().int().positive().optional(),
    })
    .strict()
    .refine((b) => Boolean(b.conversationKey) !== Boolean(b.customerDocumentId), {
      message: 'give either conversationKey or customerDocumentId',
    });
  export type Body = z.input<typeof body>;
  export interface Response {
    data: {
      conversations: { conversationKey: string; lastReadMessageId: number; unread: number }[];
      /** Read receipts sent to WhatsApp (config sendReadReceipts), by wamid. */
      receipts: { wamid: string; ok: boolean; error?: string }[];
    };
  }
}

/**
 * POST /whatsapp/conversations/typing { conversationKey }: an agent types a reply, so the customer
 * sees "typing…" (Meta's typing indicator, sent with the read receipt of their newest message).
 * Sent at most once per inbound message, only while the 24-hour window is open and only when
 * read receipts are switched on (WHATSAPP_SEND_READ_RECEIPTS); otherwise `sent: false` says why.
 */
export namespace Typing {
  export const body = z.object({ conversationKey: z.string().trim().min(3).max(300) }).strict();
  export type Body = z.input<typeof body>;
  export type SkipReason = 'disabled' | 'no_inbound' | 'window_closed' | 'already_sent' | 'blocked' | 'refused';
  export interface Response {
    data: { sent: boolean; reason?: SkipReason; wamid?: string; error?: string };
  }
}

/** POST /whatsapp/stream/token → a short-lived token for GET /whatsapp/stream?token= (EventSource cannot send headers). */
export namespace StreamToken {
  export interface Response {
    data: { token: string; expiresAt: string; url: string };
  }
}

/** Events on GET /whatsapp/stream (SSE `event:` names). */
export type StreamEventName = 'ready' | 'message.created' | 'message.updated' | 'conversation.read' | 'conversation.updated' | 'conversation.note' | 'reset' | 'bye';
export interface StreamMessageEvent {
  change?: string;
  message: MessageView;
  customerDocumentId: string | null;
}

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be an ISO date (2026-01-31) or date-time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a valid date');

/**
 * GET /whatsapp/stats?from&to&groupBy=tenant|number|template|automation (or month=YYYY-MM for a
 * calendar month, UTC), and GET /whatsapp/stats/export.csv with the same query.
 */
export namespace GetStats {
  export const GROUP_BY = ['tenant', 'number', 'template', 'automation'] as const;
  export const query = z
    .object({
      from: isoDate.optional(),
      to: isoDate.optional(),
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM').optional(),
      groupBy: z.enum(GROUP_BY).default('tenant'),
    })
    .strict()
    .superRefine((q, ctx) => {
      if (q.month && (q.from || q.to)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['month'], message: 'cannot be combined with from/to' });
    });
  export type Query = z.input<typeof query>;
  export interface Counts {
    sent: number;
    delivered: number;
    read: number;
    failed: number;
    /** Outbound messages created in the period, whatever their state (queued included). */
    total: number;
    /** Messages Meta priced as `regular` (billed), per the status webhooks' `pricing.type`. */
    billable: number;
    /** Messages Meta priced as free (`free_customer_service`, `free_entry_point`…): cost 0, counted apart. */
    free: number;
    /** The rate card applied to the billable ones, in `meta.currency` (docs/pricing.md). */
    cost: number;
  }
  export interface Group extends Counts {
    key: string | null;
    label: string;
  }
  export interface Response {
    data: {
      groups: Group[];
      totals: Counts;
      series: (Counts & { date: string })[];
      /** The same per calendar month (UTC) the period touches. */
      months: (Counts & { month: string })[];
    };
    meta: {
      from: string;
      to: string;
      groupBy: (typeof GROUP_BY)[number];
      currency: string;
      /** The rate card's date. */
      rateCardAsOf: string;
      /** Recipient countries (ISO codes, "unknown" when the phone tells none) priced with the card's default row. */
      defaultRateCountries: string[];
    };
  }
}
export type TimelineWindow = ConversationWindow;
