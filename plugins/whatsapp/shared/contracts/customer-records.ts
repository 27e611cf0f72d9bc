import { z } from 'zod';

/**
 * The customer panel beside a conversation (#16): the contact, its consent state, and the records
 * of other content types that point to the customer, or to a record (a supplier) carrying the
 * customer's phone number. Shared by the server route and the admin panel (docs/conversations.md).
 */

/** GET /whatsapp/customers/:documentId/records?limit=5 */
export namespace GetCustomerRecords {
  export const DEFAULT_LIMIT = 5;
  export const MAX_LIMIT = 20;

  export const params = z.object({
    documentId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'documentId: must be the documentId of a customer (letters and digits)'),
  });

  export const query = z
    .object({
      limit: z.coerce
        .number({ invalid_type_error: 'must be a number' })
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
        .default(DEFAULT_LIMIT),
    })
    .strict();

  /** How a type's records reach the customer. */
  export type Link =
    /** The record has a relation to the customer (`invoice.customer`). */
    | { kind: 'customer'; attribute: string }
    /** The record itself carries the customer's phone (`supplier.phone`). */
    | { kind: 'phone'; attribute: string }
    /** The record points to one that carries the phone (`purchaseOrder.supplier.phone`). */
    | { kind: 'related-phone'; attribute: string; target: string; phoneAttribute: string };

  export interface Contact {
    documentId: string;
    name: string | null;
    profileName: string | null;
    phone: string | null;
    waId: string | null;
    /** Business-scoped user id (BSUID) and WhatsApp username (without "@"): docs/identity.md. */
    userId: string | null;
    username: string | null;
    email: string | null;
    language: string | null;
    tenant: { documentId: string; name: string | null } | null;
    optedIn: boolean;
    optedInAt: string | null;
    optedOut: boolean;
    optedOutAt: string | null;
    marketingOptOut: boolean;
    marketingOptOutAt: string | null;
    lastInboundAt: string | null;
    /** Blocked on WhatsApp (docs/customers-blocking.md): since when and by whom; null when not blocked. */
    blocked: { at: string; byName: string | null } | null;
  }

  export interface LinkedRecord {
    documentId: string;
    /** The value of the type's title field (the Content Manager's main field), or the documentId. */
    title: string;
    updatedAt: string | null;
    /** In-admin route of the record's edit page: `/content-manager/collection-types/<uid>/<documentId>`. */
    to: string;
    /** The same page as an absolute path on this server (`/admin/content-manager/…`). */
    href: string;
  }

  export interface Group {
    uid: string;
    displayName: string;
    /** The attribute the title is read from (`documentId` when none is readable). */
    titleField: string;
    links: Link[];
    /** All matching records; `records` holds the `limit` most recently updated. */
    count: number;
    records: LinkedRecord[];
    /** In-admin route of the type's list in the Content Manager. */
    listTo: string;
  }

  export interface Response {
    data: { customer: Contact; groups: Group[] };
  }
}
