import { z } from 'zod';

/**
 * Blocking a customer on WhatsApp (docs/customers-blocking.md): the plugin asks Meta's Block Users
 * API to block the customer on every business number they wrote to in the last 24 hours, and
 * records the block only when Meta blocked them on each. A blocked customer cannot be sent to.
 */

/** POST /whatsapp/customers/:documentId/block and DELETE the same path (unblock): no body, or `{}`. */
export namespace BlockCustomer {
  export const body = z.object({}).strict();
  export interface Response {
    data: CustomerBlockState;
  }
}

export interface CustomerBlockState {
  documentId: string;
  blocked: boolean;
  blockedAt: string | null;
  blockedBy: { id: number | null; name: string | null } | null;
  /** The business numbers (phone-number ids) the customer is blocked on. */
  phoneNumberIds: string[];
}
