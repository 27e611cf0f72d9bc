import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';

/**
 * Fields of a template that only Meta decides (via submit, sync and status webhooks). They are
 * hidden from the edit view (`visible: false`), so the form neither shows nor sends them; this
 * middleware covers what the schema cannot: a content-manager "Duplicate" copies every field, so
 * a clone of an approved template would carry its Meta id and key (and break the unique key).
 * Clones and creates from the content manager therefore start as clean drafts, and updates from it
 * never touch these fields. The plugin's own services (not content-manager requests) write them.
 */
export const MANAGED_TEMPLATE_FIELDS = [
  'reviewStatus',
  'metaTemplateId',
  'templateKey',
  'rejectionReason',
  'qualityScore',
  'previousCategory',
  'lastError',
  'deletedAtMeta',
  'lastSyncedAt',
  'components',
  'parameterCount',
  'usageCount',
  'sentCount',
  'deliveredCount',
  'readCount',
  'failedCount',
] as const;

const DRAFT_DEFAULTS = {
  reviewStatus: 'DRAFT',
  metaTemplateId: null,
  templateKey: null,
  rejectionReason: null,
  qualityScore: null,
  previousCategory: null,
  lastError: null,
  deletedAtMeta: false,
  lastSyncedAt: null,
  components: null,
  usageCount: 0,
  sentCount: 0,
  deliveredCount: 0,
  readCount: 0,
  failedCount: 0,
};

const fromContentManager = (strapi: Core.Strapi): boolean => {
  const request = strapi.requestContext.get() as { request?: { path?: string } } | undefined;
  return typeof request?.request?.path === 'string' && request.request.path.startsWith('/content-manager/');
};

export function templateManagedFieldsMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    if (ctx.uid !== UID.template || !['create', 'update', 'clone'].includes(ctx.action)) return next();
    const params = ctx.params as { data?: Record<string, unknown> };
    if (fromContentManager(strapi)) {
      const data = (params!.data ??= {});
      for (const field of MANAGED_TEMPLATE_FIELDS) delete data[field];
      // A new or duplicated template is a draft until it is submitted.
      if (ctx.action !== 'update') Object.assign(data, DRAFT_DEFAULTS);
    }
    return next();
  };
}
