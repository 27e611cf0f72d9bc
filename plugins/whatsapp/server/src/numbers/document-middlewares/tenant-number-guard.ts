import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../../../../shared/uids';
import { getService } from '../../core/get-service';

const WRITE_ACTIONS = new Set(['create', 'update', 'clone']);

/**
 * The tenant ↔ number link is written only by the tenants service (assign/unassign), which keeps
 * `assignedPhoneNumberId` (unique in the database) in step with the relation under row locks.
 * A document-service write that would change the link (content manager, REST, other code) is
 * refused with a pointer to the right place; an unchanged relation field (the content manager
 * sends `{connect: [], disconnect: []}`) passes. Deleting a number frees its tenant.
 */
export function tenantNumberGuardMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    const field = ctx.uid === UID.tenant ? 'phoneNumber' : ctx.uid === UID.phoneNumber ? 'tenant' : undefined;
    if (!field) return next();

    const params = ctx.params as { data?: Record<string, unknown>; documentId?: string } | undefined;
    if (WRITE_ACTIONS.has(ctx.action) && params?.data && field in params.data) {
      if (changesRelation(params.data[field])) {
        throw new errors.ValidationError(
          `${field}: assign numbers to tenants on the WhatsApp numbers page or with POST /whatsapp/tenants/:id/assign-phone, so that a number never ends up with two tenants.`
        );
      }
      delete params.data[field];
    }
    if (ctx.uid === UID.tenant && ctx.action === 'create' && params?.data) {
      // A new tenant never starts with a number (see above); the mirror column starts empty too.
      delete params.data.assignedPhoneNumberId;
    }

    if (ctx.uid === UID.phoneNumber && ctx.action === 'delete' && params?.documentId) {
      const row = await strapi.db.query(UID.phoneNumber).findOne({ where: { documentId: params.documentId } });
      const result = await next();
      if (row) await getService(strapi, 'tenants').releaseNumber(row.phoneNumberId);
      return result;
    }
    return next();
  };
}

/** Whether a relation value in document-service input would connect, disconnect or set anything. */
function changesRelation(value: unknown): boolean {
  if (value === undefined) return false;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { connect, disconnect, set } = value as Record<string, unknown>;
    const keys = Object.keys(value);
    const onlyOps = keys.every((k) => k === 'connect' || k === 'disconnect' || k === 'set');
    const empty = (list: unknown) => list === undefined || (Array.isArray(list) && list.length === 0);
    if (onlyOps && empty(connect) && empty(disconnect) && set === undefined) return false;
  }
  return true;
}
