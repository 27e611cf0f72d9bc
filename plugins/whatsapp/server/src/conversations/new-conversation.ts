import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { CustomerSummary } from '../../../shared/contracts/conversations';
import type { SearchContacts, SenderOption, StartConversation } from '../../../shared/contracts/conversations-new';
import { UID } from '../../../shared/uids';
import { conflict } from '../core/errors';
import { getService } from '../core/get-service';
import { countryOfNumber, normalizePhone } from '../core/phone';
import { toCustomerSummary } from '../inbox/message-view';

/**
 * "New conversation" (#16, docs/conversations.md#new-conversation): which business numbers may
 * start one, the customers a number may write to (recent ones, or found by name or phone), and
 * the start itself: a customer by documentId, or a typed phone found under any of its forms among
 * the number's tenant's customers (created there when there is none: never a duplicate). The
 * number rules are the send path's (outbound/senders.ts): a tenant's number writes to that
 * tenant's customers only; the shared number to customers of no tenant, or of a tenant without a
 * number of its own. Nothing is sent and no message row is written.
 */

type NumberRow = {
  id: number;
  phoneNumberId: string;
  displayPhoneNumber?: string | null;
  verifiedName?: string | null;
  isDefault?: boolean | null;
  tenant?: { id: number; documentId: string; name: string; whatsappEnabled?: boolean | null } | null;
};

const CUSTOMER_SELECT = ['id', 'documentId', 'name', 'phone', 'waId', 'userId', 'username', 'language', 'optedOut', 'blockedAt'];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const numberPopulate = { tenant: { select: ['id', 'documentId', 'name', 'whatsappEnabled'] } } as const;

  const toOption = (n: NumberRow): SenderOption => ({
    phoneNumberId: n.phoneNumberId,
    displayPhoneNumber: n.displayPhoneNumber ?? null,
    verifiedName: n.verifiedName ?? null,
    country: countryOfNumber(n.displayPhoneNumber),
    tenant: n.tenant ? { documentId: n.tenant.documentId, name: n.tenant.name } : null,
    isDefault: Boolean(n.isDefault),
  });

  /** The number by Meta id, refused (naming phoneNumberId) when unknown or its tenant has WhatsApp off. */
  async function senderNumber(phoneNumberId: string): Promise<NumberRow> {
    const number: NumberRow | null = await strapi.db.query(UID.phoneNumber).findOne({ where: { phoneNumberId }, populate: numberPopulate });
    if (!number) throw new errors.NotFoundError(`phoneNumberId: ${phoneNumberId} is not one of this server's WhatsApp numbers`, { path: ['phoneNumberId'] });
    if (number.tenant && number.tenant.whatsappEnabled === false) {
      throw conflict(`phoneNumberId: WhatsApp is disabled for the tenant "${number.tenant.name}" of ${number.displayPhoneNumber ?? phoneNumberId}`, { path: ['phoneNumberId'] });
    }
    return number;
  }

  /** Where-clause of the customers a number writes to. */
  async function customersOf(number: NumberRow): Promise<Record<string, unknown>> {
    if (number.tenant) return { tenant: { id: number.tenant.id } };
    const withoutNumber = await strapi.db.query(UID.tenant).findMany({ where: { phoneNumber: { id: { $null: true } } }, select: ['id'] });
    return { $or: [{ tenant: { id: { $null: true } } }, { tenant: { id: { $in: withoutNumber.map((t: any) => t.id) } } }] };
  }

  async function senders(): Promise<SenderOption[]> {
    const rows: NumberRow[] = await strapi.db.query(UID.phoneNumber).findMany({
      populate: numberPopulate,
      orderBy: [{ displayPhoneNumber: 'asc' }, { id: 'asc' }],
    });
    return rows.filter((n) => !n.tenant || n.tenant.whatsappEnabled !== false).map(toOption);
  }

  async function contacts(query: ReturnType<typeof SearchContacts.query.parse>): Promise<CustomerSummary[]> {
    const number = await senderNumber(query.phoneNumberId);
    const where: Record<string, unknown>[] = [await customersOf(number)];
    const search = query.search?.trim();
    if (search) {
      const digits = search.replace(/\D/g, '');
      const or: Record<string, unknown>[] = [{ name: { $containsi: search } }, { profileName: { $containsi: search } }];
      if (digits.length >= 3) or.push({ phone: { $contains: digits } }, { waId: { $contains: digits } });
      where.push({ $or: or });
    }
    const rows = await strapi.db.query(UID.customer).findMany({
      where: { $and: where },
      select: CUSTOMER_SELECT,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      limit: SEARCH_LIMIT,
    });
    return rows.map(toCustomerSummary);
  }

  async function start(body: ReturnType<typeof StartConversation.body.parse>): Promise<StartConversation.Response['data']> {
    const number = await senderNumber(body.phoneNumberId);
    let customer: any;
    let created = false;
    if (body.customerDocumentId) {
      customer = await strapi.db.query(UID.customer).findOne({
        where: { documentId: body.customerDocumentId },
        select: CUSTOMER_SELECT,
        populate: { tenant: { select: ['id', 'documentId', 'name', 'whatsappEnabled'], populate: { phoneNumber: { select: ['id'] } } } },
      });
      if (!customer) throw new errors.NotFoundError(`customerDocumentId: no customer ${body.customerDocumentId}`, { path: ['customerDocumentId'] });
      const tenant = customer.tenant;
      const label = number.displayPhoneNumber ?? number.phoneNumberId;
      if (number.tenant && tenant?.id !== number.tenant.id) {
        throw conflict(`phoneNumberId: ${label} is the number of "${number.tenant.name}"; ${customer.name ?? 'this customer'} is ${tenant ? `a customer of "${tenant.name}"` : 'not a customer of that tenant'}`, { path: ['phoneNumberId'] });
      }
      if (!number.tenant && tenant?.phoneNumber) {
        throw conflict(`phoneNumberId: ${customer.name ?? 'this customer'} is a customer of "${tenant.name}", which writes from its own number`, { path: ['phoneNumberId'] });
      }
      if (tenant && tenant.whatsappEnabled === false) throw conflict(`customerDocumentId: WhatsApp is disabled for the tenant "${tenant.name}"`, { path: ['customerDocumentId'] });
      if (!normalizePhone(customer.phone ?? '') && !normalizePhone(customer.waId ?? '')) {
        throw new errors.ValidationError(`customerDocumentId: ${customer.name ?? 'the customer'} has no valid international phone number; add one first`, {
          errors: [{ path: ['customerDocumentId'], message: 'the customer has no valid phone number', name: 'ValidationError' }],
        });
      }
    } else {
      const country = body.country ?? countryOfNumber(number.displayPhoneNumber) ?? undefined;
      const phone = normalizePhone(body.phone, country);
      if (!phone) {
        throw new errors.ValidationError(`phone: "${body.phone}" is not a valid phone number${country ? ` (read in ${country.toUpperCase()})` : ''}; write it with its country code, e.g. +34 600 11 22 33`, {
          errors: [{ path: ['phone'], message: 'not a valid phone number', name: 'ValidationError' }],
        });
      }
      const tenantRef = number.tenant ? { id: number.tenant.id, documentId: number.tenant.documentId } : null;
      // Created by this request, or found (under any form of the number): the row's own creation time tells.
      const startedAt = Date.now();
      const found = await getService(strapi, 'customers').findOrCreateForPhone(tenantRef, phone);
      customer = await strapi.db.query(UID.customer).findOne({ where: { id: found.id }, select: [...CUSTOMER_SELECT, 'createdAt'] });
      created = new Date(customer.createdAt).getTime() >= startedAt - 1;
    }
    const identity = customer.waId || normalizePhone(customer.phone ?? '')?.waId;
    const conversationKey = `${number.phoneNumberId}:${identity}`;
    const [window] = await getService(strapi, 'timeline').windowsOf([conversationKey]);
    return {
      conversationKey,
      customer: toCustomerSummary(customer),
      created,
      phoneNumber: { phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber ?? null },
      tenant: number.tenant ? { documentId: number.tenant.documentId, name: number.tenant.name } : null,
      windowOpen: Boolean(window?.open),
    };
  }

  return { senders, contacts, start };
};

const SEARCH_LIMIT = 10;
