import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';
import { getService } from '../../core/get-service';

const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

/**
 * Messages written through the document service (the content manager, where an admin may delete a
 * message or change its customer or tenant; other plugins; the REST API) keep their
 * conversation's inbox row right: the conversation before the write (a delete, or a change of
 * key) and after it are recomputed (inbox/summaries.ts). The plugin's own write paths call the
 * refresh themselves, with plain queries this middleware does not see.
 */
export function messageSummariesMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    if (ctx.uid !== UID.message || !WRITES.has(ctx.action)) return next();
    const documentId = (ctx.params as { documentId?: string } | undefined)?.documentId;
    const keysOf = async () =>
      documentId
        ? ((await strapi.db.query(UID.message).findMany({ where: { documentId }, select: ['conversationKey'] })) as any[]).map((row) => row.conversationKey)
        : [];
    const before = await keysOf();
    const result = await next();
    const created = (result as { conversationKey?: string | null } | null)?.conversationKey;
    await getService(strapi, 'conversation-summaries').refresh([...before, ...(await keysOf()), created]);
    return result;
  };
}
