import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import type { TenantRef } from './customers';

export interface NumberRoute {
  phoneNumber: { id: number; documentId: string; phoneNumberId: string };
  account: { id: number; wabaId: string } | null;
  tenant: TenantRef | null;
}

/**
 * Meta's `metadata.phone_number_id` → our phone number, its account and its tenant. One webhook
 * URL serves every number of every account; this is where an event finds its owner.
 */
/** Routes are cached briefly; writes through the document service drop the cache at once. */
const ROUTE_TTL_MS = 5_000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<string, { route: NumberRoute; at: number }>();

  return {
  /** Known numbers only are cached: a number added by a sync is found by the next event. */
  async resolve(phoneNumberId: string | undefined | null): Promise<NumberRoute | null> {
    if (!phoneNumberId) return null;
    const cached = cache.get(String(phoneNumberId));
    if (cached && Date.now() - cached.at < ROUTE_TTL_MS) return cached.route;
    const number = await strapi.db.query(UID.phoneNumber).findOne({
      select: ['id', 'documentId', 'phoneNumberId'],
      where: { phoneNumberId: String(phoneNumberId) },
      populate: { account: { select: ['id', 'wabaId'] }, tenant: { select: ['id', 'documentId'] } },
    });
    if (!number) return null;
    const route: NumberRoute = {
      phoneNumber: { id: number.id, documentId: number.documentId, phoneNumberId: number.phoneNumberId },
      account: number.account ? { id: number.account.id, wabaId: number.account.wabaId } : null,
      tenant: number.tenant ? { id: number.tenant.id, documentId: number.tenant.documentId } : null,
    };
    cache.set(String(phoneNumberId), { route, at: Date.now() });
    return route;
  },

  /** Drops cached routes (a number, tenant or account was written). */
  invalidate(): void {
    cache.clear();
  },

  /** The account of a WABA id (management webhooks name the WABA in `entry[].id`). */
  async accountByWabaId(wabaId: string | undefined | null): Promise<{ id: number; wabaId: string } | null> {
    if (!wabaId) return null;
    const account = await strapi.db.query(UID.businessAccount).findOne({ select: ['id', 'wabaId'], where: { wabaId: String(wabaId) } });
    return account ? { id: account.id, wabaId: account.wabaId } : null;
  },
  };
};
