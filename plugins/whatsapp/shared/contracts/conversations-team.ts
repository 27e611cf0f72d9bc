import { z } from 'zod';

/**
 * Contracts of conversations a team works: their state (open, pending, closed, archived, spam),
 * their assignee, internal notes and quick replies. Used by the server (validation, response
 * shapes) and the admin (types). A conversation is one business number × one customer, keyed
 * `${phoneNumberId}:${waId || userId}` as the inbox keys it (contracts/conversations.ts).
 */

export const CONVERSATION_STATES = ['open', 'pending', 'closed', 'archived', 'spam'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/** States a new message from the customer moves back to open (a spam conversation stays spam). */
export const REOPENED_BY_CUSTOMER: readonly ConversationState[] = ['closed', 'archived'];

/** At most this many conversations per bulk action (one page of the inbox list and more). */
export const MAX_BULK = 100;

export interface UserRef {
  id: number;
  name: string | null;
}

/** Who moved a conversation to its state: an admin user, or the customer writing again (reopen). */
export type StateChangedBy = ({ kind: 'user' } & UserRef) | { kind: 'customer' };

export interface ConversationStatus {
  conversationKey: string;
  state: ConversationState;
  /** null while the conversation never left its first (open) state. */
  stateChangedAt: string | null;
  stateChangedBy: StateChangedBy | null;
  assignee: UserRef | null;
  assignedAt: string | null;
  assignedBy: UserRef | null;
}

const conversationKey = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a conversation key (phone number id:customer id)' })
  .trim()
  .regex(/^\d{1,30}:[A-Za-z0-9._-]{1,200}$/, 'must be a conversation key (phone number id:customer id)');

const conversationKeys = z
  .array(conversationKey, { required_error: 'is required (a list of conversation keys)', invalid_type_error: 'must be a list of conversation keys' })
  .min(1, 'must name at least one conversation')
  .max(MAX_BULK, `must name at most ${MAX_BULK} conversations`);

/** POST /whatsapp/conversations/state { conversationKeys, state } — one conversation or a bulk action. */
export namespace SetConversationState {
  export const body = z
    .object({
      conversationKeys,
      state: z.enum(CONVERSATION_STATES, {
        // zod takes either an error map or required/invalid messages; the map gives both.
        errorMap: (_issue, ctx) => ({ message: ctx.data === undefined ? 'is required' : `must be one of ${CONVERSATION_STATES.join(', ')}` }),
      }),
    })
    .strict();
  export type Body = z.input<typeof body>;
  export interface Response {
    /** Every named conversation as it is now; `changed` lists the keys whose state moved. */
    data: { conversations: ConversationStatus[]; changed: string[] };
  }
}

/** POST /whatsapp/conversations/assign { conversationKeys, assigneeId } — assigneeId null unassigns. */
export namespace AssignConversations {
  export const body = z
    .object({
      conversationKeys,
      assigneeId: z
        .number({ required_error: 'is required (an admin user id, or null to unassign)', invalid_type_error: 'must be an admin user id or null' })
        .int('must be an admin user id')
        .positive('must be an admin user id')
        .nullable(),
    })
    .strict();
  export type Body = z.input<typeof body>;
  export interface Response {
    data: { conversations: ConversationStatus[]; changed: string[] };
  }
}

/** GET /whatsapp/conversations/status?conversationKey= — the header of an open conversation. */
export namespace GetConversationStatus {
  export const query = z.object({ conversationKey }).strict();
  export type Query = z.input<typeof query>;
  export interface Response {
    data: ConversationStatus;
  }
}

/**
 * GET /whatsapp/conversations/assignees[?conversationKey=] — admin users a conversation may be
 * assigned to: active, allowed to read messages; with a conversation, also eligible for its tenant
 * (a member when the tenant has members, and able to see it).
 */
export namespace ListAssignees {
  export const query = z.object({ conversationKey: z.string().trim().min(1).max(200).optional() }).strict();
  export interface Response {
    data: UserRef[];
  }
}

export interface ConversationNote {
  id: number;
  documentId: string;
  conversationKey: string;
  body: string;
  author: UserRef | null;
  createdAt: string;
}

/** GET /whatsapp/conversations/notes?conversationKey=…[&conversationKey=…] — a conversation's notes, oldest first. */
export namespace ListNotes {
  export const LIMIT = 500;
  export const query = z
    .object({
      conversationKey: z.union([conversationKey, z.array(conversationKey).min(1).max(20, 'must name at most 20 conversations')]),
    })
    .strict();
  export type Query = z.input<typeof query>;
  export interface Response {
    data: ConversationNote[];
  }
}

/** POST /whatsapp/conversations/notes { conversationKey, body } → 201. Never sent to WhatsApp. */
export namespace CreateNote {
  export const MAX_LENGTH = 4096;
  export const body = z
    .object({
      conversationKey,
      body: z
        .string({ required_error: 'is required', invalid_type_error: 'must be text' })
        .trim()
        .min(1, 'must not be empty')
        .max(MAX_LENGTH, `must be at most ${MAX_LENGTH} characters`),
    })
    .strict();
  export type Body = z.input<typeof body>;
  export interface Response {
    data: ConversationNote;
  }
}

/** Variables a quick reply may use, filled from the conversation's customer. */
export const QUICK_REPLY_VARIABLES = ['name', 'first_name', 'phone', 'email', 'business_number'] as const;
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number];

export interface QuickReply {
  documentId: string;
  shortcut: string;
  title: string | null;
  /** The stored text, with `{{variables}}`. */
  body: string;
  /** The text with the conversation's customer filled in (a variable without a value stays empty). */
  text: string;
  /** null: offered to every tenant. */
  tenant: { documentId: string; name: string } | null;
}

/** GET /whatsapp/quick-replies?conversationKey=…[&search=] — the tenant's quick replies and the global ones. */
export namespace ListQuickReplies {
  export const query = z
    .object({
      conversationKey,
      search: z.string().trim().max(40, 'must be at most 40 characters').optional(),
    })
    .strict();
  export type Query = z.input<typeof query>;
  export interface Response {
    data: QuickReply[];
  }
}

/** Fills `{{name}}`-style variables; unknown or empty ones become ''. Shared so the admin previews what the server renders. */
export function renderQuickReply(body: string, values: Partial<Record<QuickReplyVariable, string | null>>): string {
  return body.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: string) => String((values as Record<string, string | null | undefined>)[name] ?? ''));
}

/** SSE `conversation.updated`: state or assignment of some conversations changed. */
export interface StreamConversationUpdated {
  change: 'state' | 'assignment';
  conversations: ConversationStatus[];
  by: UserRef | null;
}

/** SSE `conversation.note`: a note was added. */
export interface StreamConversationNote {
  note: ConversationNote;
}

/** The list filters these contracts add to GET /whatsapp/conversations. */
export const stateFilter = z.enum([...CONVERSATION_STATES, 'all'], {
  errorMap: () => ({ message: `must be one of ${[...CONVERSATION_STATES, 'all'].join(', ')}` }),
});
export const assigneeFilter = z
  .string()
  .trim()
  .regex(/^(me|none|\d{1,10})$/, 'must be me, none or an admin user id');

export type StateCounts = Record<ConversationState, number>;
export interface AssigneeCounts {
  /** Within the state filter: assigned to the caller, to nobody, and all. */
  mine: number;
  unassigned: number;
  all: number;
}
