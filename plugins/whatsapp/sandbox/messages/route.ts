import type { Router, SandboxRequest } from '../http/router';
import { jsonBody } from '../http/router';
import type { SandboxContext } from '../context';
import { requireNumber } from '../context';
import { metaErrors } from '../errors';
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

/** E.164-ish: `+`, spaces, hyphens and parentheses allowed; 5–15 digits. */
function recipientOf(body: Record<string, any>): { input: string; waId?: string; userId?: string } {
  if (body.to !== undefined) {
    const to = requireString(body.to, 'to');
    const digits = digitsOf(to);
    if (!/^[+\d\s\-()]+$/.test(to) || digits.length < 5 || digits.length > 15) {
      throw metaErrors.invalidParameter(`Param to '${to}' is not a valid phone number.`);
    }
    return { input: to, waId: digits };
  }
  if (body.recipient !== undefined) {
    const recipient = requireString(body.recipient, 'recipient');
    return { input: recipient, userId: recipient };
  }
  throw metaErrors.missingParameter('The parameter to is required.');
}

async function send(ctx: SandboxContext, req: SandboxRequest, phoneNumberId: string, body: Record<string, any>) {
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
    // A user id (BSUID) has no phone number to look the window up by elsewhere.
    !(await windowIsOpen(ctx.windows, recipient.waId ? ctx.lastInboundAt : undefined, phoneNumberId, recipientKey, ctx.log));

  const wamid = ctx.ids.wamid();
  ctx.sent.push({ wamid, phoneNumberId, to: recipient.input, type, body, at: Date.now() });
  ctx.log(`send ${type} ${wamid} to ${recipient.input}${outsideWindow ? ' (outside the 24h window: will fail)' : ''}`);

  scheduleStatuses(ctx, {
    wamid,
    number: ctx.numbers.get(phoneNumberId)!,
    recipientId: recipientKey,
    templateCategory,
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
