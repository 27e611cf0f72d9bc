import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { getService } from '../../core/get-service';
import { conflict } from '../../core/errors';
import { normalizePhone } from '../../core/phone';
import { validate } from '../../core/validate';

const simulateBody = z
  .object({
    from: z
      .string({ required_error: 'is required (the customer phone, e.g. +34600123456)' })
      .refine((v) => normalizePhone(v) !== null, 'must be an international phone number, e.g. +34600123456'),
    name: z.string().trim().min(1).max(100).optional(),
    text: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters').optional(),
    phoneNumberId: z.string().regex(/^\d{5,20}$/, 'must be a phone number id (digits)').optional(),
    message: z
      .object({ type: z.string().min(1) }, { invalid_type_error: 'must be a Meta message object with a type' })
      .passthrough()
      .optional(),
  })
  .strict()
  .refine((b) => !(b.text && b.message), { message: 'give either text or message, not both' });

/**
 * Offline mode only: a customer message injected through the in-process Cloud API sandbox, which
 * signs it and posts it to our own webhook, so it takes exactly the path a real one takes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async simulateInbound(ctx: Context) {
    const runtime = getService(strapi, 'runtime');
    const sandbox = runtime.sandbox();
    if (runtime.get().mode !== 'offline' || !sandbox) {
      throw conflict('Simulating inbound messages needs offline mode (the built-in sandbox); this Strapi talks to Meta.');
    }
    const body = validate(simulateBody, ctx.request.body ?? {});
    const phoneNumberId = body.phoneNumberId ?? runtime.get().phoneNumberId;
    if (!phoneNumberId) throw new errors.ValidationError('phoneNumberId: no default number is configured, give one');
    try {
      const result = await sandbox.simulateInbound({
        phoneNumberId,
        from: normalizePhone(body.from)!.waId,
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
});
