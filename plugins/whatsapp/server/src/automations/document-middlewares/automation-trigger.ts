import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';
import { getService } from '../../core/get-service';

/** The document-service actions that change records (reads, counts and the rest pass straight through). */
const WRITE_ACTIONS = new Set(['create', 'clone', 'update', 'publish', 'delete']);

/**
 * Fires automation rules for every write through Strapi's document service: content manager,
 * REST, GraphQL and code (`strapi.documents(uid).update(...)`) alike
 * (docs/strapi-notes.md#document-service-middlewares). Writes to the automation rules themselves
 * refresh the rule cache.
 */
export function automationTriggerMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    if (!WRITE_ACTIONS.has(ctx.action)) return next();
    const automations = getService(strapi, 'automations');
    if (ctx.uid === UID.automation) {
      const result = await next();
      automations.invalidate();
      return result;
    }
    return automations.observe(
      { uid: ctx.uid, action: ctx.action, params: ctx.params as Record<string, any>, contentType: ctx.contentType },
      next
    ) as ReturnType<typeof next>;
  };
}
