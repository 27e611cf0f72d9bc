import type { Core } from '@strapi/strapi';
import type { MessageDto, TemplateContent } from '../../../shared/contracts/messages';
import { getService } from '../core/get-service';

/**
 * The one place automations and the notifications service hand a template to the outbox. Sending
 * is the messages service's job (validation, opt-out, template checks, queue, retries): nothing
 * here talks to the Graph API.
 */

export interface TemplateSendInput {
  /** A phone number, or `customer` (a customer documentId). */
  to?: string;
  customer?: string;
  tenant?: string;
  idempotencyKey?: string;
  template: Omit<TemplateContent, 'header'> & { header?: unknown };
  /** The record the message is about (and the rule that sent it): on the timeline, in the rule's activity. */
  source?: { uid: string; documentId: string };
  automationId?: number;
}

export interface SendOutcome {
  message: MessageDto;
  /** true when the idempotency key already had a message (the same transition seen twice). */
  duplicate: boolean;
}

export async function sendTemplate(strapi: Core.Strapi, input: TemplateSendInput): Promise<SendOutcome> {
  const { source, automationId, template, ...envelope } = input;
  return getService(strapi, 'messages').send(
    { ...envelope, type: 'template', template },
    { ...(source ? { source } : {}), ...(automationId ? { automationId } : {}) }
  );
}
