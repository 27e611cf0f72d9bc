/**
 * Contracts of the business-account admin routes (`/whatsapp/accounts…`). Secrets are
 * write-only: requests may carry them, responses only say whether each is set and its last 4
 * characters.
 */
import { z } from 'zod';

export interface AccountView {
  /** Document id. */
  id: string;
  name: string;
  wabaId: string;
  kind: 'shared' | 'dedicated';
  /** The shared account from the environment (WHATSAPP_* variables). */
  isMaster: boolean;
  apiVersion: string | null;
  accessTokenSet: boolean;
  accessTokenLast4: string | null;
  appSecretSet: boolean;
  appSecretLast4: string | null;
  connectionStatus: 'unknown' | 'connected' | 'error';
  lastError: string | null;
  lastSyncedAt: string | null;
  phoneNumberCount: number;
  /**
   * The account is onboarded to Meta's Marketing Messages API: MARKETING templates go to
   * `POST /{phone-number-id}/marketing_messages`, everything else to `/messages`
   * (docs/marketing-messages.md).
   */
  marketingMessagesEnabled: boolean;
}

const secret = (name: string) =>
  z
    .string({ invalid_type_error: `${name} must be a string` })
    .trim()
    .min(8, `${name} looks too short`)
    .max(2048, `${name} is too long`);

const apiVersion = z
  .string({ invalid_type_error: 'apiVersion must be a string' })
  .trim()
  .regex(/^v\d{2}\.0$/, 'apiVersion must look like v25.0');

const name = z
  .string({ required_error: 'name is required', invalid_type_error: 'name must be a string' })
  .trim()
  .min(1, 'name is required')
  .max(120, 'name is too long');

/** GET /whatsapp/accounts */
export namespace ListAccounts {
  export interface Response {
    data: AccountView[];
  }
}

/** POST /whatsapp/accounts: a dedicated account (a tenant's own WABA). */
export namespace CreateAccount {
  export const bodySchema = z
    .object({
      name,
      wabaId: z
        .string({ required_error: 'wabaId is required', invalid_type_error: 'wabaId must be a string' })
        .trim()
        .regex(/^\d{5,20}$/, "wabaId must be Meta's numeric WhatsApp Business Account id"),
      accessToken: secret('accessToken'),
      appSecret: secret('appSecret').optional(),
      apiVersion: apiVersion.optional(),
    })
    .strict();
  export type Request = { body: z.infer<typeof bodySchema> };
  export interface Response {
    data: AccountView;
  }
}

/** PUT /whatsapp/accounts/:id: rename, rotate the token or app secret (one edit), change API version, switch the Marketing Messages API. */
export namespace UpdateAccount {
  export const bodySchema = z
    .object({
      name: name.optional(),
      accessToken: secret('accessToken').optional(),
      appSecret: secret('appSecret').optional(),
      apiVersion: apiVersion.nullable().optional(),
      marketingMessagesEnabled: z.boolean({ invalid_type_error: 'marketingMessagesEnabled must be true or false' }).optional(),
    })
    .strict()
    .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Send at least one field to change' });
  export type Request = { params: { id: string }; body: z.infer<typeof bodySchema> };
  export interface Response {
    data: AccountView;
  }
}

/** DELETE /whatsapp/accounts/:id */
export namespace DeleteAccount {
  export interface Response {
    data: { id: string };
  }
}

/** POST /whatsapp/accounts/:id/test: a live call to Meta (lists the account's numbers). */
export namespace TestAccount {
  export interface Response {
    data: {
      ok: boolean;
      connectionStatus: 'connected' | 'error';
      phoneNumberCount?: number;
      error?: { code?: number; title: string; message: string };
      testedAt: string;
    };
  }
}
