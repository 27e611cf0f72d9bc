import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../../../shared/uids';
import { normalizePhone, type NormalizedPhone } from '../core/phone';
import { isBsuid } from '../../../shared/bsuid';
import { getService } from '../core/get-service';
import { conflict, unprocessable } from '../core/errors';
import type { CustomerRow } from '../inbound/customers';
import type { TenantRow } from './senders';

export type { CustomerRow };

/**
 * Where Meta delivers: the phone (`to`) when the customer has one, else the business-scoped user
 * id (`recipient`). Meta drops a BSUID given as `to` (accepted, never delivered), so it never goes there.
 */
export interface Recipient {
  customer: CustomerRow;
  tenant: TenantRow | null;
  /** Null for a customer known only by BSUID (a username user who hid the number). */
  phone: NormalizedPhone | null;
  /** The BSUID (or, without one, the parent BSUID) sent as `recipient` when there is no phone. */
  userId: string | null;
}

const tenantPopulate = { phoneNumber: { select: ['id', 'documentId', 'phoneNumberId', 'displayPhoneNumber'] } } as const;

/**
 * Who a message goes to: a customer by documentId, or a phone number matched to (or made into) a
 * customer of the tenant. The tenant is the one given, else the customer's.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const customers = () => strapi.db.query(UID.customer);

  const findTenant = async (documentId: string): Promise<TenantRow> => {
    const tenant = await strapi.db.query(UID.tenant).findOne({ where: { documentId }, populate: tenantPopulate });
    if (!tenant) throw new errors.NotFoundError(`No tenant with documentId ${documentId}.`, { path: ['tenant'] });
    return tenant;
  };

  const findTenantById = async (id: number): Promise<TenantRow | null> =>
    strapi.db.query(UID.tenant).findOne({ where: { id }, populate: tenantPopulate });

  /** The tenant's customer with this number (any of its forms), created when there is none. */
  const matchOrCreate = async (phone: NormalizedPhone, tenant: TenantRow | null): Promise<CustomerRow> => {
    const { id } = await getService(strapi, 'customers').findOrCreateForPhone(tenant, phone);
    return customers().findOne({ where: { id }, populate: { tenant: { select: ['id', 'documentId'] } } });
  };

  return {
    findTenant,

    async resolve(input: { to?: string; customer?: string; tenant?: string }): Promise<Recipient> {
      const givenTenant = input.tenant ? await findTenant(input.tenant) : null;

      if (input.customer) {
        const customer: CustomerRow | null = await customers().findOne({
          where: { documentId: input.customer },
          populate: { tenant: { select: ['id', 'documentId'] } },
        });
        if (!customer) throw new errors.NotFoundError(`No customer with documentId ${input.customer}.`, { path: ['customer'] });
        if (givenTenant && customer.tenant && customer.tenant.id !== givenTenant.id) {
          throw conflict('The customer belongs to another tenant than the one given.', { path: ['tenant'] });
        }
        const phone = normalizePhone(customer.phone ?? '') ?? normalizePhone(customer.waId ?? '');
        // The BSUID, else the parent BSUID (managed businesses; a record imported with only that):
        // Meta takes either as `recipient`.
        const userId = [customer.userId, customer.parentUserId].find((id): id is string => Boolean(id) && isBsuid(id)) ?? null;
        if (!phone && (customer.phone || customer.waId)) {
          throw unprocessable(`The customer's phone number "${customer.phone ?? customer.waId}" is not a valid international number. Correct it (e.g. +34 600 11 22 33).`, {
            path: ['customer'],
          });
        }
        if (!phone && !userId) {
          throw unprocessable(
            'The customer has no phone number and no WhatsApp user id (BSUID). Add a phone in international form (e.g. +34 600 11 22 33).',
            { path: ['customer'] }
          );
        }
        const tenant = givenTenant ?? (customer.tenant ? await findTenantById(customer.tenant.id) : null);
        return { customer, tenant, phone, userId: phone ? null : userId };
      }

      // A business-scoped user id given as `to`: sent as `recipient`, never as `to`.
      if (input.to && isBsuid(input.to)) {
        const userId = input.to.trim();
        const { id } = await getService(strapi, 'customers').findOrCreateForUserId(givenTenant, userId);
        const customer: CustomerRow = await customers().findOne({ where: { id }, populate: { tenant: { select: ['id', 'documentId'] } } });
        const phone = normalizePhone(customer.phone ?? '') ?? normalizePhone(customer.waId ?? '');
        return { customer, tenant: givenTenant, phone, userId: phone ? null : (customer.userId ?? userId) };
      }

      const phone = normalizePhone(input.to ?? '');
      if (!phone) {
        throw new errors.ValidationError(`"${input.to}" is not a valid phone number. Use the international form with the country code, e.g. +34 600 11 22 33, or a WhatsApp user id (BSUID) such as US.13491208655302741918.`, {
          errors: [{ path: ['to'], message: 'not a valid international phone number nor a WhatsApp user id (BSUID)', name: 'ValidationError' }],
        });
      }
      const customer = await matchOrCreate(phone, givenTenant);
      return { customer, tenant: givenTenant, phone, userId: null };
    },
  };
};
