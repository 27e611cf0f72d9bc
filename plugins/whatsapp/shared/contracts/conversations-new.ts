import { z } from 'zod';
import type { CustomerSummary } from './conversations';

/**
 * Contracts of "New conversation" (#16): an agent picks a customer, or types a phone, and a
 * business number to write from; the server finds (or, for a typed phone, creates) the customer
 * of the number's tenant and answers the conversation key the inbox opens. Nothing is sent: a
 * new contact's window is closed, so the composer offers templates only.
 */

const phoneNumberId = z
  .string({ required_error: 'is required (the business number to write from)', invalid_type_error: 'must be a phone number id (digits)' })
  .trim()
  .regex(/^\d{1,30}$/, 'must be a phone number id (digits)');

/** A business number the caller may start a conversation from. */
export interface SenderOption {
  phoneNumberId: string;
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  /** ISO 3166 country of the number (from its display number): the default for national numbers typed. */
  country: string | null;
  /** The tenant the number is assigned to; null: the shared (master) number, for customers without a number of their own. */
  tenant: { documentId: string; name: string } | null;
  isDefault: boolean;
}

/** GET /whatsapp/conversations/senders — the numbers that may start a conversation. */
export namespace ListSenders {
  export interface Response {
    data: SenderOption[];
  }
}

/** GET /whatsapp/conversations/contacts?phoneNumberId=&search= — customers that number may write to; recent ones without search. */
export namespace SearchContacts {
  export const LIMIT = 10;
  export const query = z
    .object({
      phoneNumberId,
      search: z.string({ invalid_type_error: 'must be text' }).trim().max(100, 'must be at most 100 characters').optional(),
    })
    .strict();
  export type Query = z.input<typeof query>;
  export interface Response {
    data: CustomerSummary[];
  }
}

/** POST /whatsapp/conversations { phoneNumberId, phone | customerDocumentId [, country] } */
export namespace StartConversation {
  export const body = z
    .object({
      phoneNumberId,
      phone: z
        .string({ invalid_type_error: 'must be a phone number (text)' })
        .trim()
        .min(1, 'must not be empty')
        .max(40, 'must be at most 40 characters')
        .optional(),
      customerDocumentId: z.string({ invalid_type_error: 'must be a customer documentId' }).trim().min(1, 'must not be empty').max(100).optional(),
      /** Reads a national number ("600 12 34 56"); default: the business number's country. */
      country: z
        .string({ invalid_type_error: 'must be a country code (ES)' })
        .trim()
        .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code (ES)')
        .optional(),
    })
    .strict()
    .superRefine((b, ctx) => {
      if (b.phone === undefined && b.customerDocumentId === undefined) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'is required (or customerDocumentId)' });
      if (b.phone !== undefined && b.customerDocumentId !== undefined) ctx.addIssue({ code: 'custom', path: ['customerDocumentId'], message: 'give either phone or customerDocumentId, not both' });
    });
  export type Body = z.input<typeof body>;
  export interface Response {
    data: {
      conversationKey: string;
      customer: CustomerSummary;
      /** true when the typed phone made a new customer. */
      created: boolean;
      phoneNumber: { phoneNumberId: string; displayPhoneNumber: string | null };
      tenant: { documentId: string; name: string } | null;
      /** Whether the 24-hour window is open (false for a new contact: templates only). */
      windowOpen: boolean;
    };
  }
}
