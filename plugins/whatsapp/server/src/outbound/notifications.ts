import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { MessageDto } from '../../../shared/contracts/messages';
import { sendTemplate } from '../automations/send-adapter';
import { getService } from '../core/get-service';

/**
 * The developer API: `strapi.plugin('whatsapp').service('notifications').sendTemplate({...})`.
 * A thin, typed front for the messages service's template send, for code that notifies people
 * from its own lifecycles, cron jobs or controllers. ENABLE_WHATSAPP_NOTIFICATIONS=false pauses
 * these sends like it pauses the automation rules.
 */

export type TemplateParameters =
  | string[]
  | Record<string, string>
  | {
      header?: unknown;
      body?: string[] | Record<string, string>;
      buttons?: Array<{ index: number; parameter: string }>;
    };

export interface SendTemplateInput {
  /** A phone number (`+34600111222`) or a customer documentId. */
  to: string;
  /** Tenant documentId; defaults to the customer's tenant. */
  tenant?: string;
  /** Template name and language, e.g. `po_notification`, `es`. */
  template: string;
  language: string;
  /** Body variables as a list/map, or `{ header, body, buttons }`. */
  parameters?: TemplateParameters;
  /** Makes the call safe to repeat: the same key never sends twice. */
  idempotencyKey?: string;
  /** The record the message is about, shown on the timeline. */
  source?: { uid: string; documentId: string };
}

export type SendTemplateResult =
  | {
      /** queued: a new message is in the outbox; duplicate: the idempotency key had one already. */
      status: 'queued' | 'duplicate';
      /** The stored message, as the messages API returns it. */
      message: MessageDto;
    }
  | { status: 'paused'; message: null };

const PHONE = /^\+?[\d\s().-]{5,}$/;

function templateParts(parameters: TemplateParameters | undefined) {
  if (parameters === undefined) return {};
  if (Array.isArray(parameters)) return { body: parameters };
  const keys = Object.keys(parameters);
  if (keys.length > 0 && keys.every((key) => key === 'header' || key === 'body' || key === 'buttons')) {
    return parameters as { header?: unknown; body?: string[] | Record<string, string>; buttons?: Array<{ index: number; parameter: string }> };
  }
  return { body: parameters as Record<string, string> };
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async sendTemplate(input: SendTemplateInput): Promise<SendTemplateResult> {
    if (!input || typeof input !== 'object') throw new errors.ValidationError('sendTemplate needs { to, template, language }');
    if (typeof input.to !== 'string' || input.to.trim() === '') throw new errors.ValidationError('to is required: a phone number or a customer documentId');
    if (typeof input.template !== 'string' || typeof input.language !== 'string') {
      throw new errors.ValidationError('template and language are required, e.g. template: "po_notification", language: "es"');
    }
    if (!getService(strapi, 'automations').notificationsEnabled()) {
      strapi.log.info(`[whatsapp] notifications are paused (ENABLE_WHATSAPP_NOTIFICATIONS=false): ${input.template} not sent`);
      return { status: 'paused', message: null };
    }
    const to = input.to.trim();
    const outcome = await sendTemplate(strapi, {
      ...(PHONE.test(to) ? { to } : { customer: to }),
      ...(input.tenant ? { tenant: input.tenant } : {}),
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      ...(input.source ? { source: input.source } : {}),
      template: { name: input.template, language: input.language, ...(templateParts(input.parameters) as object) },
    });
    return { status: outcome.duplicate ? 'duplicate' : 'queued', message: outcome.message };
  },
});
