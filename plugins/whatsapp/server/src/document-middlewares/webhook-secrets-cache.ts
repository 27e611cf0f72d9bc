import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../uids';
import { getService } from '../utils/get-service';

const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

/**
 * Drops the webhook's in-memory app-secret index whenever an account or a phone number is
 * written, so a new or rotated dedicated secret is used by the next POST (see webhook-secrets).
 */
export function webhookSecretsCacheMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    const result = await next();
    if ((ctx.uid === UID.businessAccount || ctx.uid === UID.phoneNumber) && WRITES.has(ctx.action)) {
      getService(strapi, 'webhook-secrets').invalidate();
    }
    return result;
  };
}
