import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { PLUGIN_ID } from '../utils/get-service';

/**
 * The one place automations and the notifications service hand a template to the outbox. Sending
 * is the messages service's job (validation, opt-out, window, queue, retries): nothing here talks
 * to the Graph API.
 */

export interface TemplateSendInput {
  /** A phone number, or `customer` (a customer documentId). */
  to?: string;
  customer?: string;
  tenant?: string;
  from?: string;
  idempotencyKey?: string;
  template: {
    name: string;
    language: string;
    header?: unknown;
    body?: string[] | Record<string, string>;
    buttons?: Array<{ index: number; parameter: string }>;
  };
  /** The record (and rule) the message is about: shown on the timeline, linked from the rule. */
  source?: { uid?: string; documentId?: string; automation?: string };
}

export interface SendOutcome {
  /** The stored message's documentId. */
  message: string | null;
  status: string | null;
  /** true when the idempotency key already had a message (same transition seen twice). */
  duplicate: boolean;
  /** The messages service's result, unchanged. */
  result: unknown;
}

type MessagesService = { send(input: Record<string, unknown>): Promise<unknown> };

export async function sendTemplate(strapi: Core.Strapi, input: TemplateSendInput): Promise<SendOutcome> {
  const messages = strapi.plugin(PLUGIN_ID).service('messages') as MessagesService | undefined;
  if (!messages || typeof messages.send !== 'function') {
    throw new errors.ApplicationError('WhatsApp sending is not available: the messages service is missing');
  }
  const result = await messages.send({
    ...(input.to !== undefined ? { to: input.to } : {}),
    ...(input.customer !== undefined ? { customer: input.customer } : {}),
    ...(input.tenant !== undefined ? { tenant: input.tenant } : {}),
    ...(input.from !== undefined ? { from: input.from } : {}),
    ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
    ...(input.source ? { source: input.source } : {}),
    type: 'template',
    template: input.template,
  });
  return readOutcome(result);
}

/** The messages service answers `{ data, meta: { duplicate } }` or `{ message, duplicate }`. */
function readOutcome(result: unknown): SendOutcome {
  const value = (result ?? {}) as Record<string, any>;
  const message = value.data ?? value.message ?? value;
  const duplicate = Boolean(value.meta?.duplicate ?? value.duplicate ?? false);
  return {
    message: typeof message?.documentId === 'string' ? message.documentId : null,
    status: typeof message?.status === 'string' ? message.status : null,
    duplicate,
    result,
  };
}
