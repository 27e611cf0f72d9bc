import type { Router } from './http/router';
import type { SandboxContext } from './context';
import { metaErrors } from './errors';
import { mediaLookup } from './media';
import { phoneNumberRecord } from './phone-numbers';
import { templateRecord } from './templates';
import { pickFields } from './paging';
import { uploadSessionState } from './uploads';

/**
 * `GET /{id}` and `DELETE /{id}`: Graph API addresses every object by bare id, so one route looks
 * the id up among upload sessions, media, phone numbers, templates and the WABA itself.
 */
export function registerObjectRoutes(router: Router, ctx: SandboxContext): void {
  router.on('GET', '/:id', (req) => {
    const { id } = req.params;
    const fields = req.query.get('fields');
    const upload = uploadSessionState(ctx, id);
    if (upload) return upload;
    const media = mediaLookup(ctx, req, id);
    if (media) return { status: 200, json: media };
    const number = ctx.numbers.get(id);
    if (number) return { status: 200, json: pickFields(phoneNumberRecord(number, ctx.throughputPerSecond), fields) };
    const template = ctx.templates.byId(id);
    if (template) return { status: 200, json: pickFields(templateRecord(ctx, template), fields) };
    if (id === ctx.wabaId) {
      const waba = {
        id,
        name: 'Sandbox WhatsApp Business Account',
        currency: 'EUR',
        timezone_id: '1',
        message_template_namespace: 'sandbox_namespace',
        account_review_status: 'APPROVED',
      };
      return { status: 200, json: pickFields(waba, fields) };
    }
    throw metaErrors.unknownObject('GET', id);
  });

  router.on('DELETE', '/:id', (req) => {
    if (!ctx.media.delete(req.params.id)) throw metaErrors.unknownObject('DELETE', req.params.id);
    return { status: 200, json: { success: true } };
  });
}
