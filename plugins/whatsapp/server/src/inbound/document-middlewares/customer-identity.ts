import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { identityKeyOf } from '../customers';
import { UID } from '../../../../shared/uids';
import { normalizePhone } from '../../core/phone';

const WRITE_ACTIONS = new Set(['create', 'update']);
const UNRESOLVED = Symbol('unresolved');

type TenantValue = string | null | typeof UNRESOLVED;

/**
 * Keeps every customer written through the document service (content manager, REST, services)
 * matchable by inbound webhooks: the phone is stored in E.164 ("+34 600 12 34 56" → +34600123456)
 * with its wa_id form, and `identityKey` (tenant|phone, unique) is maintained, so one person is
 * one customer per tenant. A phone that is not an international number is refused with a message
 * saying how to write it.
 */
export function customerIdentityMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  /** The tenant's documentId from any relation input Strapi accepts. */
  const tenantDocumentId = async (value: unknown): Promise<TenantValue> => {
    if (value === null) return null;
    if (typeof value === 'string') return value;
    const ref = (v: any): unknown => (Array.isArray(v) ? v[v.length - 1] : v);
    let target: any = value;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      if ('set' in v) target = ref(v.set) ?? null;
      else if ('connect' in v) target = ref(v.connect) ?? null;
      else if ('disconnect' in v) return null;
    } else if (Array.isArray(value)) target = ref(value) ?? null;
    if (target === null || target === undefined) return null;
    if (typeof target === 'string') return target;
    if (typeof target === 'number' || typeof target?.id === 'number') {
      const id = typeof target === 'number' ? target : target.id;
      const tenant = await strapi.db.query(UID.tenant).findOne({ select: ['documentId'], where: { id } });
      return tenant?.documentId ?? UNRESOLVED;
    }
    if (typeof target?.documentId === 'string') return target.documentId;
    return UNRESOLVED;
  };

  return async (ctx, next) => {
    if (ctx.uid !== UID.customer || !WRITE_ACTIONS.has(ctx.action)) return next();
    const params = ctx.params as { data?: Record<string, any>; documentId?: string } | undefined;
    const data = params?.data;
    if (!data) return next();

    if ('phone' in data) {
      if (data.phone === null || (typeof data.phone === 'string' && data.phone.trim() === '')) {
        data.phone = null;
      } else {
        const phone = normalizePhone(data.phone);
        if (!phone) {
          throw new errors.ValidationError(
            `phone "${String(data.phone)}" is not an international phone number: write it with its country code, e.g. +34 600 123 456`,
            { errors: [{ path: ['phone'], message: 'must be an international phone number with its country code', name: 'ValidationError' }] }
          );
        }
        data.phone = phone.e164;
        if (!data.waId) data.waId = phone.waId;
      }
    }

    const existing =
      ctx.action === 'update' && params?.documentId
        ? await strapi.db.query(UID.customer).findOne({
            select: ['id', 'phone', 'userId', 'identityKey'],
            where: { documentId: params.documentId },
            populate: { tenant: { select: ['documentId'] } },
          })
        : null;
    const phone = 'phone' in data ? data.phone : existing?.phone;
    const userId = 'userId' in data ? data.userId : existing?.userId;
    const tenant: TenantValue = 'tenant' in data ? await tenantDocumentId(data.tenant) : (existing?.tenant?.documentId ?? null);

    if (tenant !== UNRESOLVED) {
      const identity = phone || userId;
      const key = identity ? identityKeyOf(tenant, identity) : null;
      if (key && key !== existing?.identityKey) {
        const clash = await strapi.db.query(UID.customer).findOne({ select: ['id', 'name', 'documentId'], where: { identityKey: key } });
        if (clash && clash.documentId !== params?.documentId) {
          throw new errors.ValidationError(
            `A customer with ${phone ? `phone ${phone}` : `WhatsApp user id ${userId}`} already exists in this tenant ("${clash.name ?? clash.documentId}").`,
            { errors: [{ path: [phone ? 'phone' : 'userId'], message: 'already used by another customer of this tenant', name: 'ValidationError' }] }
          );
        }
      }
      data.identityKey = key;
    }
    return next();
  };
}
