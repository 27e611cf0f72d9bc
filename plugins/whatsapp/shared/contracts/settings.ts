/** Contract of the settings admin routes (`/whatsapp/settings…`). */

/** Webhook fields to subscribe in Meta's App Dashboard (WhatsApp → Configuration), and why. */
export const WEBHOOK_FIELDS: { field: string; why: string }[] = [
  { field: 'messages', why: 'Incoming messages, delivery and read statuses, asynchronous send errors' },
  { field: 'message_template_status_update', why: 'Template review results (approved, rejected, paused, disabled)' },
  { field: 'message_template_quality_update', why: 'Template quality changes' },
  { field: 'template_category_update', why: 'Templates recategorised by Meta' },
  { field: 'phone_number_quality_update', why: 'Number quality and messaging limit changes' },
  { field: 'phone_number_name_update', why: 'Display name review results' },
  { field: 'account_update', why: 'Account restrictions, violations and bans' },
  { field: 'user_preferences', why: 'Customers stopping or resuming marketing messages' },
];

export interface SettingsView {
  /** live: Meta; offline: the built-in Cloud API sandbox; unconfigured: no credentials, sends answer 503. */
  mode: 'live' | 'offline' | 'unconfigured';
  /** Paste into Meta's App Dashboard (Callback URL). */
  webhookUrl: string;
  /** Whether webhookUrl comes from WHATSAPP_PUBLIC_URL / server.url (else guessed from host:port). */
  webhookUrlConfigured: boolean;
  verifyToken: { set: boolean; masked: string | null };
  apiVersion: string;
  graphApiUrl: string;
  appSecretSet: boolean;
  webhookFields: typeof WEBHOOK_FIELDS;
  syncSchedule: string | false;
  /** In offline mode, where the sandbox listens. */
  sandboxUrl: string | null;
}

/** GET /whatsapp/settings */
export namespace GetSettings {
  export interface Response {
    data: SettingsView;
  }
}

/** GET /whatsapp/settings/verify-token (settings-update only) */
export namespace RevealVerifyToken {
  export interface Response {
    data: { verifyToken: string | null };
  }
}
