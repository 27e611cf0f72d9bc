import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { getService } from '../../core/get-service';
import { conflict } from '../../core/errors';
import { normalizePhone } from '../../core/phone';
import { validate } from '../../core/validate';
import { isBsuid } from '../../../../shared/bsuid';

const simulateBody = z
  .object({
    from: z
      .string()
      .refine((v) => normalizePhone(v) !== null, 'must be an international phone number, e.g. +34600123456')
      .optional(),
    /** A username user who hides the number writes with a BSUID only (from_user_id). */
    userId: z.string().refine((v) => isBsuid(v), 'must be a WhatsApp user id (BSUID), e.g. US.13491208655302741918').optional(),
    username: z
      .string()
      .trim()
      .regex(/^@?[A-Za-z0-9._]{1,35}$/, 'must be a WhatsApp username (letters, digits, "." and "_")')
      .transform((v) => v.replace(/^@/, ''))
      .optional(),
    name: z.string().trim().min(1).max(100).optional(),
    text: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters').optional(),
    phoneNumberId: z.string().regex(/^\d{5,20}$/, 'must be a phone number id (digits)').optional(),
    message: z
      .object({ type: z.string().min(1) }, { invalid_type_error: 'must be a Meta message object with a type' })
      .passthrough()
      .optional(),
  })
  .strict()
  .refine((b) => !(b.text && b.message), { message: 'give either text or message, not both' })
  .refine((b) => Boolean(b.from || b.userId), { path: ['from'], message: 'is required (the customer phone, e.g. +34600123456), or give userId (a BSUID)' });

const faultBody = z
  .object({
    code: z
      .number({ required_error: 'is required (a Meta error code, e.g. 131026)', invalid_type_error: 'must be a Meta error code (a number)' })
      .int('must be a whole number')
      .min(1, 'must be a Meta error code')
      .max(9_999_999, 'must be a Meta error code'),
    title: z.string().trim().min(1).max(200).optional(),
    count: z.number().int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20').default(1),
  })
  .strict();

const CATEGORY = z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION'], { errorMap: () => ({ message: 'must be MARKETING, UTILITY or AUTHENTICATION' }) });
const categoryBody = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be a template name such as job_scheduled'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'must be a template language such as es or en_US'),
    /** The category after the change. */
    newCategory: CATEGORY,
    /** The category before it; omitted for Meta's 24-hour notice. */
    previousCategory: CATEGORY.optional(),
    /** Meta's 24-hour notice: what the template will become (newCategory is then its current one). */
    correctCategory: CATEGORY.optional(),
  })
  .strict()
  .refine((b) => Boolean(b.previousCategory) !== Boolean(b.correctCategory), { path: ['previousCategory'], message: 'give previousCategory (a change made) or correctCategory (a notice), one of them' });

/**
 * Offline mode only: a customer message injected through the in-process Cloud API sandbox, which
 * signs it and posts it to our own webhook, so it takes exactly the path a real one takes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  function offlineSandbox(what: string) {
    const runtime = getService(strapi, 'runtime');
    const sandbox = runtime.sandbox();
    if (runtime.get().mode !== 'offline' || !sandbox) {
      throw conflict(`${what} needs offline mode (the built-in sandbox); this Strapi talks to Meta.`);
    }
    return { runtime, sandbox };
  }

  return {
    async simulateInbound(ctx: Context) {
      const { runtime, sandbox } = offlineSandbox('Simulating inbound messages');
      const body = validate(simulateBody, ctx.request.body ?? {});
      const phoneNumberId = body.phoneNumberId ?? runtime.get().phoneNumberId;
      if (!phoneNumberId) throw new errors.ValidationError('phoneNumberId: no default number is configured, give one');
      try {
        const result = await sandbox.simulateInbound({
          phoneNumberId,
          from: body.from ? normalizePhone(body.from)!.waId : undefined,
          userId: body.userId,
          username: body.username,
          name: body.name,
          text: body.text,
          message: body.message as Record<string, unknown> | undefined,
        });
        ctx.body = { data: { wamid: result.wamid, webhookStatus: result.status } };
      } catch (error) {
        // The sandbox only throws for an unknown number or a missing webhook URL: both fixable input.
        throw new errors.ValidationError((error as Error).message);
      }
    },

    /**
     * Meta recategorising a template: the sandbox signs a `template_category_update` webhook
     * (a change made, or the 24-hour notice) and posts it to our webhook, and, for a change made,
     * the template's category at "Meta" changes too (docs/marketing-messages.md#category-changes).
     */
    async simulateCategoryChange(ctx: Context) {
      const { runtime, sandbox } = offlineSandbox('Simulating a template category change');
      const body = validate(categoryBody, ctx.request.body ?? {});
      const stored = sandbox.templates.find((t) => t.name === body.name && t.language === body.language);
      const value: Record<string, unknown> = {
        ...(stored?.id ? { message_template_id: Number(stored.id) } : {}),
        message_template_name: body.name,
        message_template_language: body.language,
        ...(body.correctCategory
          ? { correct_category: body.correctCategory, new_category: body.newCategory, category_update_timestamp: Math.floor(Date.now() / 1000) + 86_400 }
          : { previous_category: body.previousCategory, new_category: body.newCategory }),
      };
      if (stored && !body.correctCategory) stored.category = body.newCategory;
      const { status } = await sandbox.sendWebhook({
        object: 'whatsapp_business_account',
        entry: [{ id: runtime.get().businessAccountId, time: Math.floor(Date.now() / 1000), changes: [{ field: 'template_category_update', value }] }],
      });
      ctx.status = 201;
      ctx.body = { data: { webhookStatus: status } };
    },

    /**
     * Meta refusing the next `count` sends (`POST /{phone-number-id}/messages`) with `code`, as
     * it would for a number that is not on WhatsApp (131026) and the like: how a demo or a test
     * shows a failed message, its explanation and Retry without a real phone.
     */
    async injectSendFault(ctx: Context) {
      const { sandbox } = offlineSandbox('Simulating a refusal by Meta');
      const body = validate(faultBody, ctx.request.body ?? {});
      sandbox.injectFault({ kind: 'error', status: 400, code: body.code, title: body.title, method: 'POST', path: '/messages', sendsOnly: true, count: body.count });
      ctx.status = 201;
      ctx.body = { data: { code: body.code, count: body.count } };
    },
  };
};
