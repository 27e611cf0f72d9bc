import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';
import { getService } from '../../core/get-service';

const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);
const WATCHED = new Set<string>([UID.businessAccount, UID.phoneNumber, UID.tenant]);

/**
 * Drops the webhook's in-memory caches (app secrets by account/number, number → tenant routes)
 * whenever an account, a phone number or a tenant is written, so the next webhook sees the
 * change at once. Both caches also expire on their own, for writes made elsewhere.
 */
export function webhookCachesMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    const result = await next();
    if (WATCHED.has(ctx.uid) && WRITES.has(ctx.action)) {
      getService(strapi, 'webhook-secrets').invalidate();
      getService(strapi, 'number-routing').invalidate();
    }
    return result;
  };
}
