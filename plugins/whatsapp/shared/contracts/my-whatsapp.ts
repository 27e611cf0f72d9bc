import { z } from 'zod';
import type { QualityRating, TenantStatus } from './numbers';
import { OWNER_SETTINGS_FIELDS } from './numbers';

/**
 * "My WhatsApp": the card a tenant's member sees for each tenant they belong to (docs/tenancy.md).
 * One contract for the server route and the admin card.
 */
export interface MyTenant {
  /** The tenant's document id. */
  id: string;
  name: string;
  status: TenantStatus;
  whatsappEnabled: boolean;
  defaultLanguage: string;
  displayPhoneNumber: string | null;
  qualityRating: QualityRating | null;
  /** Whether this user may switch WhatsApp and change the language here (`own-tenant-manage`). */
  canManage: boolean;
  /**
   * This calendar month (UTC) so far. `cost`: the statistics' estimate (the rate card applied to
   * the messages Meta billed, docs/pricing.md) in `currency`.
   */
  usage: { month: string; sent: number; delivered: number; read: number; failed: number; received: number; cost: number; currency: string };
}

/** GET /whatsapp/my-tenants */
export namespace ListMyTenants {
  export interface Response {
    data: MyTenant[];
  }
}

/** PUT /whatsapp/my-tenants/:id/settings */
export namespace UpdateMyTenant {
  export const bodySchema = z
    .object(OWNER_SETTINGS_FIELDS)
    .strict()
    .refine((body) => body.whatsappEnabled !== undefined || body.defaultLanguage !== undefined, { message: 'Send whatsappEnabled and/or defaultLanguage' });
  export interface Response {
    data: MyTenant;
  }
}
