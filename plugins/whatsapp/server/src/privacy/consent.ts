import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { fromContentManager } from '../core/content-manager/guard';
import { getService } from '../core/get-service';

/**
 * Where a customer's opt-in came from (docs/privacy.md "Consent"): `inbound-keyword` when they
 * wrote an opt-in keyword (WHATSAPP_OPT_IN_KEYWORDS), `admin` when a person ticked it in the
 * Content Manager (the guard sets it, core/content-manager/guard.ts), `api` when code or an
 * import set it through the document service. Recorded with its time on every opt-in.
 */
export type OptInSource = 'admin' | 'api' | 'inbound-keyword';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * The customer wrote an opt-in keyword: opted in (and no longer opted out of anything), with the
   * source and the time of their message.
   */
  async optInByKeyword(customer: { id: number; documentId: string }, at: Date, tenantId?: number | null): Promise<void> {
    await strapi.db.query(UID.customer).update({
      where: { id: customer.id },
      data: { optedIn: true, optedInAt: at, optInSource: 'inbound-keyword', optedOut: false, marketingOptOut: false, marketingOptOutAt: at },
    });
    getService(strapi, 'events').emit('customer.changed', { id: customer.id, documentId: customer.documentId, tenantId: tenantId ?? null, change: 'opt-in' });
  },
});

/**
 * Opt-ins written through the document service outside the Content Manager (the app's code, an
 * import, a REST route of the app): the source is `api` unless the write names one, and the time
 * is now unless it gives one. Only a change to opted in counts; writing `optedIn: true` again
 * keeps the first source and time.
 */
export function optInSourceMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    if (ctx.uid !== UID.customer || !['create', 'update'].includes(ctx.action) || fromContentManager(strapi)) return next();
    const params = ctx.params as { data?: Record<string, unknown>; documentId?: string };
    const data = params.data;
    if (!data || data.optedIn !== true || data.optInSource) return next();
    if (ctx.action === 'update' && params.documentId) {
      const stored = await strapi.db.query(UID.customer).findOne({ where: { documentId: params.documentId }, select: ['optedIn'] });
      if (stored?.optedIn) return next();
    }
    data.optInSource = 'api';
    data.optedInAt ??= new Date();
    return next();
  };
}
