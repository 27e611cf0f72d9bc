/**
 * Contracts of the numbers and tenants admin routes (prefix `/whatsapp`), shared by the server's
 * controllers and the admin pages. Request schemas are zod, so both sides validate the same way.
 */
import { z } from 'zod';
import { pageQuery, type Pagination } from './pagination';

export type { Pagination };

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN' | string;
export type TenantStatus = 'configured' | 'not_configured' | 'disabled';
export const TENANT_STATUSES: TenantStatus[] = ['configured', 'not_configured', 'disabled'];

/** A business phone number as the admin sees it. `id` is the document id; `phoneNumberId` is Meta's. */
export interface PhoneNumberView {
  id: string;
  phoneNumberId: string;
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  qualityRating: QualityRating | null;
  messagingLimitTier: string | null;
  /** The number's `numberStatus` attribute (Meta's `status`: CONNECTED, PENDING, FLAGGED…). */
  status: string | null;
  nameStatus: string | null;
  codeVerificationStatus: string | null;
  throughputLevel: string | null;
  throughputPerSecond: number | null;
  isDefault: boolean;
  /** The number was not in Meta's list at the last sync (kept, never deleted). */
  missingAtMeta: boolean;
  lastSyncedAt: string | null;
  account: { id: string; name: string; kind: 'shared' | 'dedicated'; wabaId: string } | null;
  tenant: { id: string; name: string } | null;
}

export interface TenantView {
  /** The tenant's document id: the `:id` of the tenant routes. */
  id: string;
  name: string;
  slug: string | null;
  whatsappEnabled: boolean;
  defaultLanguage: string;
  /** Meta's id of the assigned number, or null. */
  phoneNumberId: string | null;
  displayPhoneNumber: string | null;
  qualityRating: QualityRating | null;
  status: TenantStatus;
  /** Round-robin: a new message in an unassigned conversation goes to the next member (off by default). */
  autoAssign: boolean;
  /** The admin users who work this tenant's conversations (docs/numbers.md "Members"). */
  members: TenantMember[];
}

export interface TenantMember {
  id: number;
  name: string;
  email: string | null;
}

/** GET /whatsapp/phone-numbers */
export namespace ListPhoneNumbers {
  export const querySchema = z
    .object({
      /** true: only numbers no tenant holds (and that still exist at Meta). */
      available: z.enum(['true', 'false']).optional(),
      /** An account's document id. */
      accountId: z.string().trim().min(1).max(64).optional(),
    })
    .strict();
  export type Query = z.infer<typeof querySchema>;
  export interface Response {
    data: PhoneNumberView[];
  }
}

/** POST /whatsapp/phone-numbers/sync */
export namespace SyncPhoneNumbers {
  export const bodySchema = z
    .object({
      /** One account's document id; every account when absent. */
      accountId: z.string().trim().min(1).max(64).optional(),
    })
    .strict();
  export type Request = { body: z.infer<typeof bodySchema> };
  export interface AccountResult {
    accountId: string;
    name: string;
    ok: boolean;
    created: number;
    updated: number;
    /** Numbers of this account that Meta no longer lists (now `missingAtMeta`). */
    missing: number;
    error?: { code?: number; title: string; message: string };
  }
  export interface Response {
    data: { accounts: AccountResult[] };
  }
}

/** GET /whatsapp/tenants */
export namespace ListTenants {
  export const querySchema = z
    .object({
      q: z.string().trim().max(200).optional(),
      status: z.enum(['configured', 'not_configured', 'disabled']).optional(),
      ...pageQuery(),
    })
    .strict();
  export type Query = z.input<typeof querySchema>;
  export type Parsed = z.output<typeof querySchema>;
  export interface Response {
    data: TenantView[];
    meta: { pagination: Pagination };
  }
}

/** POST /whatsapp/tenants/:id/assign-phone */
export namespace AssignPhone {
  export const bodySchema = z
    .object({
      phoneNumberId: z
        .string({ required_error: 'phoneNumberId is required', invalid_type_error: 'phoneNumberId must be a string' })
        .trim()
        .regex(/^\d{5,20}$/, "phoneNumberId must be Meta's numeric phone number id"),
    })
    .strict();
  export type Request = { params: { id: string }; body: z.infer<typeof bodySchema> };
  export interface Response {
    data: TenantView;
  }
}

/** DELETE /whatsapp/tenants/:id/assign-phone */
export namespace UnassignPhone {
  export type Request = { params: { id: string } };
  export interface Response {
    data: TenantView;
  }
}

/** Language codes as WhatsApp templates use them: `en`, `es`, `eu`, `pt_BR`, `en_US`. */
export const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

/**
 * The tenant's own settings an owner may change (My WhatsApp, contracts/my-whatsapp.ts); the
 * numbers page's settings add round-robin to them.
 */
export const OWNER_SETTINGS_FIELDS = {
  whatsappEnabled: z.boolean({ invalid_type_error: 'whatsappEnabled must be true or false' }).optional(),
  defaultLanguage: z
    .string({ invalid_type_error: 'defaultLanguage must be a string' })
    .trim()
    .regex(LANGUAGE_CODE, 'defaultLanguage must be a language code such as en, es, eu or pt_BR')
    .optional(),
};

/** PUT /whatsapp/tenants/:id/settings */
export namespace UpdateTenantSettings {
  export const bodySchema = z
    .object({
      ...OWNER_SETTINGS_FIELDS,
      autoAssign: z.boolean({ invalid_type_error: 'autoAssign must be true or false' }).optional(),
    })
    .strict()
    .refine((body) => body.whatsappEnabled !== undefined || body.defaultLanguage !== undefined || body.autoAssign !== undefined, {
      message: 'Send whatsappEnabled, defaultLanguage and/or autoAssign',
    });
  export type Request = { params: { id: string }; body: z.infer<typeof bodySchema> };
  export interface Response {
    data: TenantView;
  }
}

/** PUT /whatsapp/tenants/:id/members — the tenant's members, as a whole list (replaces the old one). */
export namespace SetTenantMembers {
  export const bodySchema = z
    .object({
      userIds: z
        .array(z.number({ invalid_type_error: 'each user id must be a number' }).int('each user id must be a whole number').positive('each user id must be positive'), {
          required_error: 'userIds is required (the admin user ids of the members, [] for none)',
          invalid_type_error: 'userIds must be a list of admin user ids',
        })
        .max(500, 'at most 500 members'),
    })
    .strict();
  export type Request = { params: { id: string }; body: z.infer<typeof bodySchema> };
  export interface Response {
    data: TenantView;
  }
}

/** GET /whatsapp/tenants/member-candidates — the active admin users a tenant can have as members. */
export namespace ListMemberCandidates {
  export interface Response {
    data: TenantMember[];
  }
}
