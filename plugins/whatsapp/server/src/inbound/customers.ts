import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { isUniqueViolation } from '../core/db';
import { getService } from '../core/get-service';
import { normalizePhone, phoneVariants } from '../core/phone';

export interface TenantRef {
  id: number;
  documentId: string;
}

export interface SenderIdentity {
  tenant: TenantRef | null;
  /** Meta's wa_id / `from` (digits, no "+"); absent for username-only users (BSUID era). */
  waId?: string | null;
  /** Meta's business-scoped user id (`user_id`, 2026). */
  userId?: string | null;
  profileName?: string | null;
}

/** A customer row as the inbound matcher and the outbound recipient lookup read it. */
export interface CustomerRow {
  id: number;
  documentId: string;
  name?: string | null;
  phone?: string | null;
  waId?: string | null;
  userId?: string | null;
  profileName?: string | null;
  identityKey?: string | null;
  optedOut?: boolean | null;
  marketingOptOut?: boolean | null;
  lastInboundAt?: Date | string | null;
  tenant?: { id: number; documentId: string } | null;
}

/**
 * `<tenant documentId or "-">|<E.164 phone or user id>`: one customer per person per tenant,
 * enforced by a unique index, so two webhooks about a new sender at once create one customer.
 */
export function identityKeyOf(tenantDocumentId: string | null | undefined, identity: string): string {
  return `${tenantDocumentId || '-'}|${identity}`;
}

const CUSTOMER_FIELDS = ['id', 'documentId', 'name', 'phone', 'waId', 'userId', 'profileName', 'identityKey', 'marketingOptOut', 'lastInboundAt'] as const;

/**
 * Finding the CRM customer behind a WhatsApp sender, within the tenant that owns the business
 * number: by normalised phone (all forms Meta may use for the same person), then by Meta's
 * business-scoped user id. Unknown senders become customers named from their profile
 * (config `autoCreateCustomers`).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'runtime').get().config;
  const query = () => strapi.db.query(UID.customer);

  const tenantWhere = (tenant: TenantRef | null) => (tenant ? { tenant: { id: tenant.id } } : { tenant: { id: { $null: true } } });

  const find = async (identity: SenderIdentity, e164?: string): Promise<CustomerRow | null> => {
    const t = identity.tenant?.documentId;
    const variants = e164 ? phoneVariants(e164) : [];
    const keys = variants.map((v) => identityKeyOf(t, v));
    if (identity.userId) keys.push(identityKeyOf(t, identity.userId));
    if (keys.length) {
      const byKey = await query().findOne({ select: [...CUSTOMER_FIELDS], where: { identityKey: { $in: keys } } });
      if (byKey) return byKey as CustomerRow;
    }
    // Rows written without an identity key (imports, raw queries): the slower lookups.
    const or: Record<string, unknown>[] = [];
    if (variants.length) or.push({ phone: { $in: variants } });
    if (identity.waId) or.push({ waId: identity.waId });
    if (identity.userId) or.push({ userId: identity.userId });
    if (!or.length) return null;
    return (await query().findOne({
      select: [...CUSTOMER_FIELDS],
      where: { $and: [{ $or: or }, tenantWhere(identity.tenant)] },
      orderBy: { id: 'asc' },
    })) as CustomerRow | null;
  };

  return {
    /**
     * The customer for a sender, created when unknown and `autoCreateCustomers` is on; `at` (the
     * message time) moves lastInboundAt forward. Null when unknown and auto-creation is off.
     */
    async matchSender(identity: SenderIdentity, at?: Date): Promise<CustomerRow | null> {
      const phone = identity.waId ? normalizePhone(identity.waId) : null;
      const e164 = phone?.e164;
      let customer = await find(identity, e164);

      if (!customer) {
        if (!config().autoCreateCustomers) return null;
        const identityValue = e164 ?? identity.userId;
        if (!identityValue) return null;
        const identityKey = identityKeyOf(identity.tenant?.documentId, identityValue);
        try {
          customer = (await query().create({
            select: [...CUSTOMER_FIELDS],
            data: {
              name: identity.profileName || e164 || identity.userId,
              phone: e164 ?? null,
              waId: phone?.waId ?? null,
              userId: identity.userId ?? null,
              profileName: identity.profileName ?? null,
              identityKey,
              lastInboundAt: at ?? null,
              tenant: identity.tenant?.id ?? null,
            },
          })) as CustomerRow;
          getService(strapi, 'events').emit('customer.changed', {
            id: customer.id,
            documentId: customer.documentId,
            tenantId: identity.tenant?.id ?? null,
            change: 'created',
          });
          return customer;
        } catch (error) {
          // Created meanwhile by a concurrent webhook: use that one.
          if (!isUniqueViolation(error)) throw error;
          customer = (await query().findOne({ select: [...CUSTOMER_FIELDS], where: { identityKey } })) as CustomerRow | null;
          if (!customer) throw error;
        }
      }

      // Learn what the webhook tells us that the record does not have yet.
      const data: Record<string, unknown> = {};
      if (phone && !customer.waId) data.waId = phone.waId;
      if (e164 && !customer.phone) data.phone = e164;
      if (identity.userId && customer.userId !== identity.userId) data.userId = identity.userId;
      if (identity.profileName && customer.profileName !== identity.profileName) data.profileName = identity.profileName;
      if (!customer.identityKey && (e164 || identity.userId)) {
        data.identityKey = identityKeyOf(identity.tenant?.documentId, (e164 ?? identity.userId) as string);
      }
      const last = customer.lastInboundAt ? new Date(customer.lastInboundAt as any).getTime() : 0;
      if (at && at.getTime() > last) data.lastInboundAt = at;
      if (Object.keys(data).length) {
        // updateMany: one UPDATE, where update() would also read the row before and after.
        if (data.identityKey) {
          const taken = await query().count({ where: { identityKey: data.identityKey, id: { $ne: customer.id } } });
          if (taken) delete data.identityKey; // another row holds that identity: keep this one as it is
        }
        if (Object.keys(data).length) await query().updateMany({ where: { id: customer.id }, data });
        customer = { ...customer, ...data } as CustomerRow;
      }
      return customer;
    },

    /**
     * The customer a message is sent to by phone number (outbound): found under any form of the
     * number within the tenant, else created. Sending to a number is an explicit act, so this
     * creates the customer whatever `autoCreateCustomers` (which is about unknown senders) says.
     */
    async findOrCreateForPhone(tenant: TenantRef | null, phone: { e164: string; waId: string }): Promise<CustomerRow> {
      const found = await find({ tenant, waId: phone.waId }, phone.e164);
      if (found) return found;
      const identityKey = identityKeyOf(tenant?.documentId, phone.e164);
      try {
        const created = (await query().create({
          select: [...CUSTOMER_FIELDS],
          data: { name: phone.e164, phone: phone.e164, waId: phone.waId, identityKey, tenant: tenant?.id ?? null },
        })) as CustomerRow;
        getService(strapi, 'events').emit('customer.changed', { id: created.id, documentId: created.documentId, tenantId: tenant?.id ?? null, change: 'created' });
        return created;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const raced = (await query().findOne({ select: [...CUSTOMER_FIELDS], where: { identityKey } })) as CustomerRow | null;
        if (!raced) throw error;
        return raced;
      }
    },

    /** Marketing opt-out (STOP keyword, user_preferences "stop") or back in ("resume"). */
    async setMarketingOptOut(customer: { id: number; documentId: string }, optOut: boolean, at: Date, tenantId?: number | null) {
      await query().updateMany({ where: { id: customer.id }, data: { marketingOptOut: optOut, marketingOptOutAt: at } });
      getService(strapi, 'events').emit('customer.changed', {
        id: customer.id,
        documentId: customer.documentId,
        tenantId: tenantId ?? null,
        change: optOut ? 'opt-out' : 'opt-in',
      });
    },
  };
};
