/**
 * Builders for the webhook bodies Meta sends (docs/whatsapp-cloud-api.md#webhook-payloads). Only
 * shapes live here; when and where they are sent is decided by the callers.
 */

export interface NumberRef {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

/** Webhook timestamps are Unix seconds as strings. */
export const unixSeconds = (ms: number): string => String(Math.floor(ms / 1000));

/** Meta writes display numbers formatted ("+34 600 000 001") but metadata carries digits only. */
const metadataOf = (ref: NumberRef) => ({
  display_phone_number: ref.displayPhoneNumber.replace(/\D/g, ''),
  phone_number_id: ref.phoneNumberId,
});

function envelope(wabaId: string, field: string, value: unknown, time?: number) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: wabaId, ...(time !== undefined ? { time } : {}), changes: [{ value, field }] }],
  };
}

export interface StatusInput {
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: number;
  recipientId: string;
  /** recipientId is a BSUID: the status names it as recipient_user_id, with no recipient_id. */
  recipientIsUserId?: boolean;
  pricing?: { billable: boolean; pricing_model: 'PMP'; type: string; category: string };
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: string } };
  errors?: WebhookErrorItem[];
  bizOpaqueCallbackData?: string;
}

export interface WebhookErrorItem {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

export const ERROR_CODES_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

export function statusWebhook(ref: NumberRef, input: StatusInput) {
  const status = {
    id: input.wamid,
    status: input.status,
    timestamp: unixSeconds(input.at),
    ...(input.recipientIsUserId ? { recipient_user_id: input.recipientId } : { recipient_id: input.recipientId }),
    ...(input.bizOpaqueCallbackData ? { biz_opaque_callback_data: input.bizOpaqueCallbackData } : {}),
    ...(input.conversation ? { conversation: input.conversation } : {}),
    ...(input.pricing ? { pricing: input.pricing } : {}),
    ...(input.errors ? { errors: input.errors } : {}),
  };
  return envelope(ref.wabaId, 'messages', {
    messaging_product: 'whatsapp',
    metadata: metadataOf(ref),
    statuses: [status],
  });
}

export function inboundWebhook(
  ref: NumberRef,
  contact: { waId?: string; name: string; userId?: string; username?: string },
  message: Record<string, unknown>
) {
  return envelope(ref.wabaId, 'messages', {
    messaging_product: 'whatsapp',
    metadata: metadataOf(ref),
    contacts: [
      {
        profile: { name: contact.name, ...(contact.username ? { username: contact.username } : {}) },
        ...(contact.waId ? { wa_id: contact.waId } : {}),
        ...(contact.userId ? { user_id: contact.userId } : {}),
      },
    ],
    messages: [message],
  });
}

export interface TemplateStatusInput {
  event: string;
  templateId: string;
  name: string;
  language: string;
  category: string;
  reason: string;
  at: number;
}

export function templateStatusWebhook(wabaId: string, input: TemplateStatusInput) {
  const value: Record<string, unknown> = {
    event: input.event,
    message_template_id: Number(input.templateId),
    message_template_name: input.name,
    message_template_language: input.language,
    reason: input.reason,
    message_template_category: input.category,
  };
  if (input.event === 'REJECTED') {
    value.rejection_info = {
      reason: input.reason,
      recommendation: 'Check the template format: variables, length and examples (sandbox rejects names containing "reject").',
    };
  }
  return envelope(wabaId, 'message_template_status_update', value, Math.floor(input.at / 1000));
}
