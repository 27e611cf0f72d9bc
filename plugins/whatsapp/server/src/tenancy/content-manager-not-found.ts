import type { Core } from '@strapi/strapi';
import { TENANT_CONDITION } from '../../../shared/tenancy';

/** A Content Manager request for one document: `/content-manager/collection-types/<uid>/<documentId>[/…]`. */
const DOCUMENT_PATH = /^\/content-manager\/collection-types\/([^/]+)\/([^/]+)(?:\/|$)/;

/**
 * The Content Manager answers 403 when a user opens a document their permission's conditions do
 * not cover. For a permission scoped by "Belongs to one of my tenants" that would tell a member
 * that another tenant's record exists; this answers 404 instead, as for a record that does not
 * exist (docs/tenancy.md). Other 403s (no permission at all, other conditions) are left as they are.
 */
export function contentManagerNotFound(strapi: Core.Strapi) {
  return async (ctx: any, next: () => Promise<void>) => {
    await next();
    if (ctx.status !== 403) return;
    const match = DOCUMENT_PATH.exec(ctx.path ?? '');
    const user = ctx.state?.user;
    if (!match || !user?.id) return;
    const uid = decodeURIComponent(match[1]);
    const permissions = (await strapi.service('admin::permission').findUserPermissions(user)) as Array<{ action: string; subject?: string | null; conditions?: string[] }>;
    const scoped = permissions.some(
      (p) => p.subject === uid && p.action.startsWith('plugin::content-manager.explorer.') && (p.conditions ?? []).includes(TENANT_CONDITION.id)
    );
    if (!scoped) return;
    ctx.status = 404;
    ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} } };
  };
}
