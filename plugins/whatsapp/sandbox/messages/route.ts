import type { Router, SandboxRequest } from '../http/router';
import { jsonBody } from '../http/router';
import type { SandboxContext } from '../context';
import { requireNumber } from '../context';
import { metaErrors, SandboxHttpError } from '../errors';
import { digitsOf, windowIsOpen } from '../windows';
import { isObject, optionalString, requireObject, requireString } from './checks';
import {
  MEDIA_TYPES,
  SENDABLE_TYPES,
  validateContacts,
  validateInteractive,
  validateLocation,
  validateMediaObject,
  validateReaction,
  validateText,
} from './validate-types';
import { checkTemplateParameters } from './template-params';
import { scheduleStatuses } from './lifecycle';

/**
 * `POST /{phone-number-id}/messages`: sends and mark-as-read
 * (docs/whatsapp-cloud-api.md#sending-messages).
 */

export function registerMessageRoutes(router: Router, ctx: SandboxContext): void {
  router.on('POST', '/:phoneNumberId/messages', async (req) => {
    const number = requireNumber(ctx, req.params.phoneNumberId, 'POST');
    // Throughput counts every call on the number, like Meta's per-number limit.
    if (!ctx.limiter.take(number.id, number.throughputPerSecond ?? ctx.throughputPerSecond)) {
      throw metaErrors.rateLimited();
    }
    const body = jsonBody(req);
    if (!isObject(body)) throw metaErrors.invalidParameter('The request body must be a JSON object.');
    if (body.messaging_product !== 'whatsapp') {
      throw metaErrors.invalidParameter("The parameter messaging_product is required and must be 'whatsapp'.");
    }
    if (body.status !== undefined) return markRead(ctx, number.id, body);
    return send(ctx, req, number.id, body);
  });

  /**
   * `POST /{phone-number-id}/marketing_messages`, the Marketing Messages API for WhatsApp: the
   * body and answer of a template send on /messages, for MARKETING templates only, and only once
   * the business is onboarded (its terms accepted). docs/marketing-messages.md#the-sandbox
   */
  router.on('POST', '/:phoneNumberId/marketing_messages', async (req) => {
    const number = requireNumber(ctx, req.params.phoneNumberId, 'POST');
    if (!ctx.limiter.take(number.id, number.throughputPerSecond ?? ctx.throughputPerSecond)) {
      throw metaErrors.rateLimited();
    }
    if (!ctx.marketingMessages) {
      throw new SandboxHttpError({
        httpStatus: 403,
        code: 10,
        title: 'Application does not have permission for this action',
        details: `WhatsApp Business Account ${ctx.wabaId} is not onboarded to the Marketing Messages API for WhatsApp: accept its terms of service first, or send on /messages.`,
      });
    }
    const body = jsonBody(req);
    if (!isObject(body)) throw metaErrors.invalidParameter('The request body must be a JSON object.');
    if (body.messaging_product !== 'whatsapp') {
      throw metaErrors.invalidParameter("The parameter messaging_product is required and must be 'whatsapp'.");
    }
    if (body.type !== 'template') throw metaErrors.invalidParameter("The Marketing Messages API sends templates only: param type must be 'template'.");
    return send(ctx, req, number.id, body, 'marketing_messages');
  });
}

function markRead(ctx: SandboxContext, phoneNumberId: string, body: Record<string, any>) {
  if (body.status !== 'read') throw metaErrors.invalidParameter("Param status must be 'read'.");
  const messageId = requireString(body.message_id, 'message_id');
  if (body.typing_indicator !== undefined) {
    const typing = requireObject(body.typing_indicator, 'typing_indicator');
    if (typing.type !== 'text') throw metaErrors.invalidParameter("Param typing_indicator['type'] must be 'text'.");
  }
  ctx.reads.push({ phoneNumberId, messageId, typing: body.typing_indicator !== undefined, at: Date.now() });
  return { status: 200, json: { success: true } };
}

/** A business-scoped user id (BSUID) or parent BSUID: `US.1349…`, `US.ENT.1181…`. */
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

/**
 * `to`: E.164-ish (`+`, spaces, hyphens and parentheses allowed; 5–15 digits); `to` wins over
 * `recipient`. A BSUID given as `to` is accepted and silently dropped, as Meta does (200 with a
 * wamid, never delivered, no status webhook). `recipient`: a BSUID.
 */
function recipientOf(body: Record<string, any>): { input: string; waId?: string; userId?: string; dropped?: boolean } {
  if (body.to !== undefined) {
    const to = requireString(body.to, 'to');
    if (BSUID.test(to.trim())) return { input: to, dropped: true };
    const digits = digitsOf(to);
    if (!/^[+\d\s\-()]+$/.test(to) || digits.length < 5 || digits.length > 15) {
      throw metaErrors.invalidParameter(`Param to '${to}' is not a valid phone number.`);
    }
    return { input: to, waId: digits };
  }
  if (body.recipient !== undefined) {
    const recipient = requireString(body.recipient, 'recipient');
    if (!BSUID.test(recipient)) {
      throw metaErrors.invalidParameter(`Param recipient '${recipient}' is not a valid business-scoped user id (e.g. US.13491208655302741918).`);
    }
    return { input: recipient, userId: recipient };
  }
  throw metaErrors.missingParameter('The parameter to is required.');
}

async function send(
  ctx: SandboxContext,
  req: SandboxRequest,
  phoneNumberId: string,
  body: Record<string, any>,
  endpoint: 'messages' | 'marketing_messages' = 'messages'
) {
  const recipient = recipientOf(body);
  const type = body.type === undefined ? 'text' : requireString(body.type, 'type');
  if (!SENDABLE_TYPES.has(type)) {
    throw metaErrors.invalidParameter(`Param type must be one of ${[...SENDABLE_TYPES].join(', ')}; got '${type}'.`);
  }
  if (body.context !== undefined) requireString(requireObject(body.context, 'context').message_id, "context['message_id']");
  optionalString(body.biz_opaque_callback_data, 'biz_opaque_callback_data', 512);

  let templateCategory: string | undefined;
  switch (type) {
    case 'text':
      validateText(body.text);
      break;
    case 'location':
      validateLocation(body.location);
      break;
    case 'contacts':
      validateContacts(body.contacts);
      break;
    case 'interactive':
      validateInteractive(body.interactive, ctx.media);
      break;
    case 'reaction':
      validateReaction(body.reaction);
      break;
    case 'template':
      templateCategory = await validateTemplate(ctx, body.template);
      if (endpoint === 'marketing_messages' && templateCategory !== 'marketing') {
        throw metaErrors.invalidParameter(
          `The Marketing Messages API sends MARKETING templates only; "${body.template.name}" is ${templateCategory.toUpperCase()}: send it on /messages.`
        );
      }
      break;
    default:
      if ((MEDIA_TYPES as readonly string[]).includes(type)) validateMediaObject(type, body[type], type, ctx.media);
  }

  const recipientKey = recipient.waId ?? recipient.userId ?? '';
  // Meta: "Your business cannot message the user [it blocked]. Attempts to message a blocked user return an error."
  if (recipient.waId && ctx.blockList.isBlocked(phoneNumberId, recipient.waId)) throw metaErrors.blockedUser(recipient.waId);
  const outsideWindow =
    type !== 'template' &&
    ctx.enforceWindow &&
    // The window outside this sandbox is looked up by wa_id, or by BSUID for a `recipient` send.
    !(await windowIsOpen(ctx.windows, ctx.lastInboundAt, phoneNumberId, recipientKey, ctx.log));

  const wamid = ctx.ids.wamid();
  if (recipient.dropped) {
    // Meta answers 200 with a wamid and delivers nothing: no status webhook ever follows.
    ctx.sent.push({ wamid, phoneNumberId, to: recipient.input, endpoint, type, body, at: Date.now(), dropped: true });
    ctx.log(`send ${type} ${wamid} to ${recipient.input}: a BSUID given as "to" is dropped (never delivered); use "recipient"`);
    return { status: 200, json: { messaging_product: 'whatsapp', contacts: [{ input: recipient.input }], messages: [{ id: wamid }] } };
  }
  ctx.sent.push({ wamid, phoneNumberId, to: recipient.input, ...(recipient.userId ? { recipient: recipient.userId } : {}), endpoint, type, body, at: Date.now() });
  ctx.log(`send ${type} ${wamid}${endpoint === 'marketing_messages' ? ' (Marketing Messages API)' : ''} to ${recipient.input}${outsideWindow ? ' (outside the 24h window: will fail)' : ''}`);

  scheduleStatuses(ctx, {
    wamid,
    number: ctx.numbers.get(phoneNumberId)!,
    recipientId: recipientKey,
    recipientIsUserId: !recipient.waId,
    // Meta bills Marketing Messages API sends as marketing_lite.
    templateCategory: endpoint === 'marketing_messages' ? 'marketing_lite' : templateCategory,
    outsideWindow,
    version: req.version,
    bizOpaqueCallbackData: body.biz_opaque_callback_data,
  });

  const contact = recipient.waId ? { input: recipient.input, wa_id: recipient.waId } : { input: recipient.input, user_id: recipient.userId };
  return { status: 200, json: { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id: wamid }] } };
}

/** Returns the template's category (lower case) for pricing. */
async function validateTemplate(ctx: SandboxContext, value: unknown): Promise<string> {
  const template = requireObject(value, 'template');
  const name = requireString(template.name, "template['name']");
  const language = requireObject(template.language, "template['language']");
  const code = requireString(language.code, "template['language']['code']");
  let stored = ctx.templates.find(name, code);
  if (!stored || stored.status !== 'APPROVED') {
    // Perhaps created or approved elsewhere (another sandbox on the same database, a previous run).
    await ctx.refreshTemplates();
    stored = ctx.templates.find(name, code);
  }
  if (!stored || stored.status !== 'APPROVED') throw metaErrors.templateNotFound(name, code);
  checkTemplateParameters(stored, template, ctx.media);
  return stored.category.toLowerCase();
}
