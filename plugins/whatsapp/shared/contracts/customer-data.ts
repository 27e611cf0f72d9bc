import { z } from 'zod';
import type { MessageView } from './conversations';

/**
 * A customer's data rights (GDPR articles 15, 17 and 20): the export of everything the plugin
 * holds on a customer, and its erasure. Shared by the server routes and the admin panel.
 */

/** GET /whatsapp/customers/:documentId/export */
export namespace ExportCustomerData {
  export interface Response {
    data: {
      exportedAt: string;
      customer: Record<string, unknown>;
      messages: MessageView[];
      notes: { body: string; authorName: string | null; createdAt: string }[];
    };
  }
}

/** POST /whatsapp/customers/:documentId/erase `{ "confirm": true }` */
export namespace EraseCustomer {
  export const body = z
    .object({
      confirm: z.literal(true, {
        errorMap: () => ({ message: 'must be true: erasing a customer deletes their messages, media files and identity for good' }),
      }),
    })
    .strict();
  export interface Erased {
    messages: number;
    mediaFiles: number;
    webhookEvents: number;
    conversationRecords: number;
  }
  export interface Response {
    data: { erased: Erased };
  }
}
