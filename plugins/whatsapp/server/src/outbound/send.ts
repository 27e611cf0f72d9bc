import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  listMessagesQuerySchema,
  markReadSchema,
  sendMessageSchema,
  type ListMessages,
  type MessageDto,
  type ParsedSendMessage,
} from '../../../shared/contracts/messages';
import { GraphApiError, explainGraphError } from '../core/graph';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';
import { badGateway, conflict, unprocessable } from '../core/errors';
import { validate } from '../core/validate';
import { MESSAGE_DTO_POPULATE, toMessageDto } from './dto';
import { emitMessageEvent, notifyMessage } from './hooks';
import { messageEventOf } from '../core/events';
import { findSendableFile, type UploadFileRow } from './media-files';
import { buildCloudApiBody, mediaFileOf, summaryOf } from './payload';
import { buildTemplateComponents } from '../templates/parameters';
import { findSendableTemplate, type TemplateRow } from '../templates/approved';
import { conversationKeyOf, lastInboundAt, windowIsOpen } from './window';
import type { CustomerRow } from './recipients';
import { findNul } from '../inbound/storable-text';
import { type TenantScope, tenantIdsIn } from '../tenancy/scope';

export interface SendOptions {
  /** The admin user who sends (admin composer, admin route). */
  author?: { id: number; name?: string | null };
  /** The record an automation sends for. */
  source?: { uid: string; documentId: string };
  /** The automation rule behind the send. */
  automationId?: number;
  /** The sender's tenants (tenancy/scope.ts): a member sends to and from their tenants only. */
  scope?: TenantScope;
}

export interface SendResult {
  message: MessageDto;
  /** true when the idempotencyKey matched an earlier message, which is returned instead. */
  duplicate: boolean;
}

/**
 * The one way to send a WhatsApp message: REST, admin, automations and other plugins all call
 * `send()`. It validates the input, picks the sender, checks WhatsApp's rules (opt-out, 24-hour
 * window, template and parameters, media) and stores the message as `queued` with the exact Cloud
 * API body; the outbox worker sends it. Nothing is stored when a check fails.
 */
/**
 * U+0000 anywhere in a send is refused (400 naming the field) rather than stripped: PostgreSQL
 * cannot store it (inbound/storable-text.ts), and changing the text a person wrote before it
 * reaches a customer, without telling them, would be worse than asking them to fix it.
 */
function assertNoNul(rawInput: unknown): void {
  const path = findNul(rawInput);
  if (!path) return;
  const field = path.map(String);
  const message = 'contains U+0000 (the NUL character), which cannot be sent or stored: remove it';
  throw new errors.ValidationError(`${field.join('.') || 'body'}: ${message}`, { errors: [{ path: field, message, name: 'ValidationError' }] });
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const messages = () => strapi.db.query(UID.message);
  const config = () => getService(strapi, 'runtime').get().config;

  const loadDto = async (where: Record<string, unknown>): Promise<MessageDto | null> => {
    const row = await messages().findOne({ where, populate: MESSAGE_DTO_POPULATE });
    return row ? toMessageDto(row) : null;
  };

  /** A message referred to by wamid, or by documentId in the comms log, as its wamid. */
  const wamidOf = async (reference: string, field: string[]): Promise<string> => {
    if (reference.startsWith('wamid.')) return reference;
    const row = await messages().findOne({ where: { documentId: reference }, select: ['wamid'] });
    if (!row) throw new errors.NotFoundError(`No message with documentId ${reference}.`, { path: field });
    if (!row.wamid) throw unprocessable('That message has no WhatsApp id yet (it was not sent), so it cannot be referred to.', { path: field });
    return row.wamid;
  };

  const assertNotOptedOut = (customer: CustomerRow, template?: TemplateRow) => {
    if (customer.optedOut) {
      throw unprocessable('The customer opted out of WhatsApp messages: nothing can be sent to them until they opt in again.', {
        path: ['customer'],
        reason: 'opted_out',
      });
    }
    if (template?.category === 'MARKETING' && customer.marketingOptOut) {
      throw unprocessable('The customer opted out of marketing messages: send a utility template or a reply instead.', {
        path: ['template', 'name'],
        reason: 'marketing_opt_out',
      });
    }
  };

  /** A customer blocked on WhatsApp (customers/blocking.ts) is refused here, before Meta (which would answer 130403). */
  const assertNotBlocked = (customer: CustomerRow) => {
    if ((customer as CustomerRow & { blockedAt?: unknown }).blockedAt) {
      throw unprocessable('The customer is blocked on WhatsApp: unblock them (comms tab) before sending.', { path: ['customer'], reason: 'blocked' });
    }
  };

  const assertWindowOpen = async (phoneNumberId: string, customer: CustomerRow, waIds: string[]) => {
    const last = await lastInboundAt(strapi, { phoneNumberId, customerId: customer.id, waIds });
    if (!windowIsOpen(last)) {
      throw unprocessable(
        last
          ? `The 24-hour customer service window closed at ${new Date(last.getTime() + 24 * 3600 * 1000).toISOString()}: only an approved template can be sent until the customer writes again.`
          : 'The customer has not written to this number in the last 24 hours: only an approved template can be sent.',
        { path: ['type'], reason: 'window_closed', lastInboundAt: last?.toISOString() ?? null }
      );
    }
  };

  const findByIdempotencyKey = (key: string) => loadDto({ idempotencyKey: key });

  /**
   * A member of tenants sends to their tenants' customers only: another tenant's customer or
   * tenant answers 404, as one that does not exist; a bare phone names one of their tenants
   * (implied when they have exactly one).
   */
  const assertRecipientInScope = async (input: ParsedSendMessage, scope: TenantScope) => {
    const tenancy = getService(strapi, 'tenancy');
    if (input.customer) {
      await tenancy.customerInScope(scope, input.customer);
      return;
    }
    if (input.tenant) {
      const tenant = await strapi.db.query(UID.tenant).findOne({ where: { documentId: input.tenant }, select: ['id'] });
      if (!tenant || !scope.tenantIds.includes(tenant.id)) throw new errors.NotFoundError(`No tenant with documentId ${input.tenant}.`, { path: ['tenant'] });
      return;
    }
    if (scope.tenantIds.length !== 1) {
      throw new errors.ValidationError('tenant: name the tenant you send for (one of the tenants you are a member of)', { path: ['tenant'] });
    }
    const only = await strapi.db.query(UID.tenant).findOne({ where: { id: scope.tenantIds[0] }, select: ['documentId'] });
    (input as { tenant?: string }).tenant = only.documentId;
  };

  const assertSenderInScope = async (phoneNumberId: string, scope: TenantScope) => {
    if (!(await getService(strapi, 'tenancy').coversNumber(scope, phoneNumberId))) {
      throw unprocessable(`from: ${phoneNumberId} is not the number of one of your tenants; send from theirs (or leave from out)`, { path: ['from'] });
    }
  };

  return {
    async send(rawInput: unknown, options: SendOptions = {}): Promise<SendResult> {
      assertNoNul(rawInput);
      const input: ParsedSendMessage = validate(sendMessageSchema, rawInput, 'Invalid message');

      if (input.idempotencyKey) {
        const existing = await findByIdempotencyKey(input.idempotencyKey);
        if (existing) return { message: existing, duplicate: true };
      }

      const senders = getService(strapi, 'senders');
      senders.assertConfigured();
      // Checked before the recipient is resolved, which may create a customer.
      if (options.scope && !options.scope.all) {
        await assertRecipientInScope(input, options.scope);
        if (input.from) await assertSenderInScope(input.from, options.scope);
      }
      const recipient = await getService(strapi, 'recipients').resolve(input);
      assertNotBlocked(recipient.customer);
      const sender = await senders.select(recipient.tenant, input.from);
      const phoneNumberId = sender.number.phoneNumberId;
      const waId = recipient.customer.waId || recipient.phone?.waId || null;
      // A customer known only by BSUID: its conversation, window and send go by the user id.
      const userId = recipient.userId ?? recipient.customer.userId ?? null;
      const identity = (waId || userId) as string;

      let template: TemplateRow | undefined;
      let templateComponents: Record<string, unknown>[] | undefined;
      let renderedBody: string | undefined;
      if (input.type === 'template') {
        template = await findSendableTemplate(strapi, input.template.name, input.template.language, sender.credentials.accountId);
        assertNotOptedOut(recipient.customer, template);
        if (!recipient.phone && template.category === 'AUTHENTICATION') {
          // Meta delivers authentication templates (one-tap, zero-tap, copy code) to phone numbers only.
          throw unprocessable(
            `"${template.name}" is an authentication template, which WhatsApp delivers only to phone numbers, and this customer is known only by WhatsApp user id (BSUID) ${userId}. Add the customer's phone number, or send another template.`,
            { path: [input.customer ? 'customer' : 'to'], reason: 'authentication_needs_phone' }
          );
        }
        const built = buildTemplateComponents(template, input.template);
        if (!built.result) {
          const [first] = built.problems;
          throw unprocessable(
            `The parameters do not fit the template "${template.name}" (${template.language}): ${first.message}${built.problems.length > 1 ? ` (and ${built.problems.length - 1} more)` : ''}.`,
            { errors: built.problems }
          );
        }
        templateComponents = built.result.components;
        renderedBody = built.result.renderedBody;
      } else {
        assertNotOptedOut(recipient.customer);
        await assertWindowOpen(phoneNumberId, recipient.customer, [waId, recipient.phone?.waId, userId].filter((v): v is string => Boolean(v)));
      }

      const contextWamid = input.replyTo ? await wamidOf(input.replyTo, ['replyTo']) : undefined;
      const reactionWamid = input.type === 'reaction' ? await wamidOf(input.reaction.message, ['reaction', 'message']) : undefined;
      const fileRef = mediaFileOf(input);
      const file: UploadFileRow | undefined = fileRef ? await findSendableFile(strapi, fileRef) : undefined;

      const payload = buildCloudApiBody(input, {
        to: recipient.phone?.e164 ?? null,
        recipient: recipient.phone ? null : userId,
        contextWamid,
        reactionWamid,
        templateComponents,
      });
      const media = (input as any)[input.type] ?? {};
      const now = new Date();
      const data: Record<string, unknown> = {
        direction: 'outbound',
        type: input.type,
        deliveryStatus: 'queued',
        body: summaryOf(input, renderedBody),
        caption: media.caption ?? null,
        payload,
        conversationKey: conversationKeyOf(phoneNumberId, identity),
        businessPhoneNumberId: phoneNumberId,
        customerPhone: recipient.phone?.e164 ?? null,
        customerWaId: waId,
        customerUserId: userId,
        occurredAt: now,
        queuedAt: now,
        nextAttemptAt: now,
        contextWamid: contextWamid ?? null,
        reactionEmoji: input.type === 'reaction' ? input.reaction.emoji : null,
        mediaLink: typeof media.link === 'string' ? media.link : null,
        mediaId: typeof media.id === 'string' ? media.id : null,
        mediaMimeType: file?.mime ?? null,
        mediaFilename: file?.name ?? media.filename ?? null,
        media: file?.id ?? null,
        templateName: template?.name ?? null,
        templateLanguage: template?.language ?? null,
        templateParameters:
          input.type === 'template' ? { header: input.template.header ?? null, body: input.template.body ?? null, buttons: input.template.buttons ?? null } : null,
        template: template?.id ?? null,
        authorId: options.author?.id ?? null,
        authorName: options.author?.name ?? null,
        sourceUid: options.source?.uid ?? null,
        sourceDocumentId: options.source?.documentId ?? null,
        automation: options.automationId ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        priority: input.priority ?? 0,
        attempts: 0,
        maxAttempts: config().outboxMaxAttempts,
        tenant: recipient.tenant?.id ?? null,
        customer: recipient.customer.id,
        phoneNumber: sender.number.id,
      };

      let created: { id: number; documentId: string };
      try {
        created = await messages().create({ data });
      } catch (error) {
        // Two calls with the same key at once: the unique index lets one win; return its message.
        if (input.idempotencyKey) {
          const existing = await findByIdempotencyKey(input.idempotencyKey);
          if (existing) return { message: existing, duplicate: true };
        }
        throw error;
      }

      // The conversation's row in the inbox (inbox/summaries.ts): its new last message.
      await getService(strapi, 'conversation-summaries').refresh([data.conversationKey as string]);
      const message = (await loadDto({ id: created.id }))!;
      getService(strapi, 'outbox').wake();
      emitMessageEvent(strapi, 'message.created', messageEventOf({ ...data, id: created.id, documentId: created.documentId }, 'queued'));
      return { message, duplicate: false };
    },

    async list(rawQuery: unknown, scope?: TenantScope): Promise<ListMessages.Response> {
      const query = validate(listMessagesQuerySchema, rawQuery ?? {}, 'Invalid query');
      const where: Record<string, unknown> = {};
      if (query.customer) where.customer = { documentId: query.customer };
      const tenantWhere: Record<string, unknown> = {};
      if (query.tenant) tenantWhere.documentId = query.tenant;
      if (scope && !scope.all) tenantWhere.id = { $in: tenantIdsIn(scope) };
      if (Object.keys(tenantWhere).length) where.tenant = tenantWhere;
      if (query.status) where.deliveryStatus = { $in: query.status };
      if (query.direction) where.direction = query.direction;
      if (query.from || query.to) {
        where.occurredAt = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
      }
      const [rows, total] = await Promise.all([
        messages().findMany({
          where,
          populate: MESSAGE_DTO_POPULATE,
          orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        messages().count({ where }),
      ]);
      return {
        data: rows.map(toMessageDto),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total } },
      };
    },

    async findOne(documentId: string): Promise<MessageDto> {
      const message = await loadDto({ documentId });
      if (!message) throw new errors.NotFoundError(`No message with documentId ${documentId}.`);
      return message;
    },

    /**
     * A new attempt on the same record for a message that failed or awaits review. The rules that
     * may have changed since (opt-out, the 24-hour window) are checked again.
     */
    async retry(documentId: string): Promise<MessageDto> {
      getService(strapi, 'senders').assertConfigured();
      const row = await messages().findOne({ where: { documentId }, populate: { customer: true } });
      if (!row) throw new errors.NotFoundError(`No message with documentId ${documentId}.`);
      if (row.direction !== 'outbound') throw conflict('Only outbound messages can be retried.');
      if (row.deliveryStatus !== 'failed' && row.deliveryStatus !== 'review') {
        throw conflict(`Only failed messages or messages awaiting review can be retried; this one is ${row.deliveryStatus}.`, { status: row.deliveryStatus });
      }
      if (row.customer) {
        assertNotBlocked(row.customer);
        assertNotOptedOut(row.customer, row.type === 'template' ? ({ category: await templateCategoryOf(row) } as TemplateRow) : undefined);
        if (row.type !== 'template') {
          await assertWindowOpen(
            row.businessPhoneNumberId,
            row.customer,
            [row.customerWaId, row.customer.waId, row.customerUserId, row.customer.userId].filter((v): v is string => Boolean(v))
          );
        }
      }
      const now = new Date();
      const { count } = await messages().updateMany({
        where: { id: row.id, deliveryStatus: row.deliveryStatus },
        data: {
          deliveryStatus: 'queued',
          queuedAt: now,
          nextAttemptAt: now,
          failedAt: null,
          lockedBy: null,
          lockedAt: null,
          errorCode: null,
          errorTitle: null,
          errorDetails: null,
          // A fresh budget of automatic attempts for this deliberate retry.
          maxAttempts: (row.attempts ?? 0) + config().outboxMaxAttempts,
        },
      });
      if (count !== 1) throw conflict('The message changed while it was being retried; reload and try again.');
      // A failed message queued again: one fewer failed in the conversation's inbox row.
      await getService(strapi, 'conversation-summaries').refresh([row.conversationKey]);
      getService(strapi, 'outbox').wake();
      await notifyMessage(strapi, 'message.updated', row.id, 'status');
      return (await loadDto({ id: row.id }))!;
    },

    /**
     * Marks an inbound message (and, as WhatsApp does, the earlier ones of the conversation) as
     * read, optionally showing "typing…" to the customer. Synchronous: Meta's refusal is a 502.
     */
    async markRead(documentId: string, rawBody: unknown): Promise<MessageDto> {
      const body = validate(markReadSchema, rawBody ?? {}, 'Invalid request');
      getService(strapi, 'senders').assertConfigured();
      const row = await messages().findOne({ where: { documentId } });
      if (!row) throw new errors.NotFoundError(`No message with documentId ${documentId}.`);
      if (row.direction !== 'inbound') throw conflict('Only messages received from a customer can be marked as read.');
      if (!row.wamid || !row.businessPhoneNumberId) throw conflict('This message has no WhatsApp id, so it cannot be marked as read.');

      const credentials = await getService(strapi, 'accounts').credentialsForPhoneNumber(row.businessPhoneNumberId);
      if (!credentials) throw conflict('The account of this business number has no access token.');
      const number = await getService(strapi, 'senders').findNumber(row.businessPhoneNumberId);
      await getService(strapi, 'outbox').throttle(row.businessPhoneNumberId, number?.throughputPerSecond);
      try {
        await getService(strapi, 'accounts').graphClient(credentials).markRead(row.businessPhoneNumberId, row.wamid, { typing: body.typing });
      } catch (error) {
        if (error instanceof GraphApiError) {
          throw badGateway(`WhatsApp refused to mark the message as read: ${explainGraphError(error.code)}`, {
            code: error.code,
            title: error.title,
            details: error.details ?? null,
          });
        }
        throw badGateway('WhatsApp did not answer the mark-as-read request; try again.');
      }

      const now = new Date();
      const conversation = row.conversationKey
        ? { conversationKey: row.conversationKey }
        : { businessPhoneNumberId: row.businessPhoneNumberId, customerWaId: row.customerWaId };
      await messages().updateMany({
        where: {
          direction: 'inbound',
          ...conversation,
          readAt: { $null: true },
          $or: [{ id: row.id }, { occurredAt: { $lte: row.occurredAt ?? now } }],
        },
        data: { readAt: now, deliveryStatus: 'read' },
      });
      await notifyMessage(strapi, 'message.updated', row.id, 'status');
      return (await loadDto({ id: row.id }))!;
    },
  };

  async function templateCategoryOf(row: { template?: number | { id: number } | null; templateName?: string; templateLanguage?: string }) {
    const template = await strapi.db.query(UID.template).findOne({
      where: { name: row.templateName, language: row.templateLanguage },
      select: ['category'],
    });
    return template?.category;
  }
};
