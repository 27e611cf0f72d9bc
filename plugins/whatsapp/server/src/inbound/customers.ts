import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { currentTransaction, isUniqueViolation, tableOf, updateRowsById } from '../core/db';
import { getService } from '../core/get-service';
import { normalizePhone, phoneVariants } from '../core/phone';
import { isBsuid } from '../../../shared/bsuid';

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
  /** The parent BSUID (`parent_user_id`, managed businesses enrolled with Meta only). */
  parentUserId?: string | null;
  /** The WhatsApp username (`profile.username`), without "@". */
  username?: string | null;
  profileName?: string | null;
}

/** What a `system` message says changed about a sender (user_changed_number / user_changed_user_id). */
export interface IdentityChange {
  kind: 'user_changed_number' | 'user_changed_user_id';
  /** The new wa_id (user_changed_number). */
  waId?: string | null;
  /** The new BSUID (user_changed_user_id; a number change also regenerates it). */
  userId?: string | null;
  parentUserId?: string | null;
}

export type IdentityChangeOutcome =
  | { applied: true; customer: CustomerRow; changed: string[] }
  | { applied: false; customer: CustomerRow | null; reason: string };

/** A customer row as the inbound matcher and the outbound recipient lookup read it. */
export interface CustomerRow {
  id: number;
  documentId: string;
  name?: string | null;
  phone?: string | null;
  waId?: string | null;
  userId?: string | null;
  parentUserId?: string | null;
  username?: string | null;
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

const CUSTOMER_FIELDS = ['id', 'documentId', 'name', 'phone', 'waId', 'userId', 'parentUserId', 'username', 'profileName', 'identityKey', 'marketingOptOut', 'lastInboundAt'] as const;

/**
 * What a webhook tells us about a sender that their record does not have yet (or has older):
 * ids, username, profile name, identity key, and lastInboundAt moved forward to `at`.
 */
export function learnedData(customer: CustomerRow, identity: SenderIdentity, at?: Date): Record<string, unknown> {
  const phone = identity.waId ? normalizePhone(identity.waId) : null;
  const e164 = phone?.e164;
  const data: Record<string, unknown> = {};
  if (phone && !customer.waId) data.waId = phone.waId;
  if (e164 && !customer.phone) data.phone = e164;
  if (identity.userId && customer.userId !== identity.userId) data.userId = identity.userId;
  if (identity.parentUserId && customer.parentUserId !== identity.parentUserId) data.parentUserId = identity.parentUserId;
  if (identity.username && customer.username !== identity.username) data.username = identity.username;
  if (identity.profileName && customer.profileName !== identity.profileName) data.profileName = identity.profileName;
  if (!customer.identityKey && (e164 || identity.userId)) {
    data.identityKey = identityKeyOf(identity.tenant?.documentId, (e164 ?? identity.userId) as string);
  }
  const last = customer.lastInboundAt ? new Date(customer.lastInboundAt as any).getTime() : 0;
  if (at && at.getTime() > last) data.lastInboundAt = at;
  return data;
}

/** The identity keys a sender may be stored under (every form of the phone, the BSUIDs). */
function identityKeysOf(identity: SenderIdentity, e164?: string): string[] {
  const t = identity.tenant?.documentId;
  const keys = (e164 ? phoneVariants(e164) : []).map((v) => identityKeyOf(t, v));
  if (identity.userId) keys.push(identityKeyOf(t, identity.userId));
  if (identity.parentUserId) keys.push(identityKeyOf(t, identity.parentUserId));
  return keys;
}

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
    const variants = e164 ? phoneVariants(e164) : [];
    const keys = identityKeysOf(identity, e164);
    if (keys.length) {
      const byKey = await query().findOne({ select: [...CUSTOMER_FIELDS], where: { identityKey: { $in: keys } } });
      if (byKey) return byKey as CustomerRow;
    }
    // Rows written without an identity key (imports, raw queries): the slower lookups.
    const or: Record<string, unknown>[] = [];
    if (variants.length) or.push({ phone: { $in: variants } });
    if (identity.waId) or.push({ waId: identity.waId });
    if (identity.userId) or.push({ userId: identity.userId });
    // The parent BSUID is shared by a person across the linked portfolios of a managed business.
    if (identity.parentUserId) or.push({ parentUserId: identity.parentUserId });
    if (!or.length) return null;
    return (await query().findOne({
      select: [...CUSTOMER_FIELDS],
      where: { $and: [{ $or: or }, tenantWhere(identity.tenant)] },
      orderBy: { id: 'asc' },
    })) as CustomerRow | null;
  };

  /** Writes learned data (one UPDATE); an identity key another row holds is left out. */
  const learn = async (customer: CustomerRow, data: Record<string, unknown>): Promise<CustomerRow> => {
    if (!Object.keys(data).length) return customer;
    // updateMany: one UPDATE, where update() would also read the row before and after.
    if (data.identityKey) {
      const taken = await query().count({ where: { identityKey: data.identityKey, id: { $ne: customer.id } } });
      if (taken) delete data.identityKey; // another row holds that identity: keep this one as it is
    }
    if (Object.keys(data).length) await query().updateMany({ where: { id: customer.id }, data });
    return { ...customer, ...data } as CustomerRow;
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
              name: identity.profileName || e164 || (identity.username ? `@${identity.username}` : null) || identity.userId,
              phone: e164 ?? null,
              waId: phone?.waId ?? null,
              userId: identity.userId ?? null,
              parentUserId: identity.parentUserId ?? null,
              username: identity.username ?? null,
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

      return learn(customer, learnedData(customer, identity, at));
    },

    /**
     * `matchSender` for the senders of a batch of messages, in bulk: one query finds every sender
     * already known by identity key, and one UPDATE writes what the batch teaches about them (the
     * latest message's profile, lastInboundAt moved to the latest message). Senders it does not
     * find that way (new, or stored without an identity key) and identity-key repairs go through
     * `matchSender` one by one, as before. Answers one customer (or null) per input, in order.
     */
    async matchSenders(senders: { identity: SenderIdentity; at: Date }[]): Promise<(CustomerRow | null)[]> {
      interface Group {
        /** The first message's sender and time: a new customer is created from them. */
        first: { identity: SenderIdentity; at: Date };
        identity: SenderIdentity;
        at: Date;
        keys: string[];
        customer?: CustomerRow | null;
      }
      const groups = new Map<string, Group>();
      const groupOf = senders.map(({ identity, at }) => {
        const name = JSON.stringify([identity.tenant?.id ?? null, identity.waId ?? null, identity.userId ?? null, identity.parentUserId ?? null]);
        const group = groups.get(name);
        if (!group) {
          const e164 = identity.waId ? normalizePhone(identity.waId)?.e164 : undefined;
          groups.set(name, { first: { identity, at }, identity, at, keys: identityKeysOf(identity, e164) });
        } else {
          // In order: the latest message's profile wins, as it would one message at a time.
          group.identity = identity;
          if (at.getTime() > group.at.getTime()) group.at = at;
        }
        return name;
      });

      const allKeys = [...new Set([...groups.values()].flatMap((group) => group.keys))];
      const byKey = new Map<string, CustomerRow>();
      const KEYS_PER_QUERY = 500;
      for (let i = 0; i < allKeys.length; i += KEYS_PER_QUERY) {
        const rows = (await query().findMany({ select: [...CUSTOMER_FIELDS], where: { identityKey: { $in: allKeys.slice(i, i + KEYS_PER_QUERY) } } })) as CustomerRow[];
        for (const row of rows) byKey.set(row.identityKey as string, row);
      }

      const updates = new Map<number, { customer: CustomerRow; data: Record<string, unknown> }>();
      const latest = new Map<number, CustomerRow>();
      for (const group of groups.values()) {
        const found = group.keys.map((key) => byKey.get(key)).find(Boolean);
        if (!found) {
          // Created from the first message, then taught by the latest, as one by one would.
          const created = await this.matchSender(group.first.identity, group.first.at);
          group.customer = created && (await learn(created, learnedData(created, group.identity, group.at)));
          if (group.customer) latest.set(group.customer.id, group.customer);
          continue;
        }
        // Two groups may name one customer (by phone and by user id): their data merges.
        const current = latest.get(found.id) ?? found;
        const data = { ...(updates.get(found.id)?.data ?? {}), ...learnedData(current, group.identity, group.at) };
        if (data.identityKey) {
          // Rare (a row stored without one): checked and written on its own, as matchSender does.
          group.customer = await learn(current, data);
          updates.delete(found.id);
        } else {
          group.customer = { ...current, ...data } as CustomerRow;
          updates.set(found.id, { customer: group.customer, data });
        }
        latest.set(found.id, group.customer);
      }
      const { table, column } = tableOf(strapi, UID.customer);
      const rows = [...updates.values()]
        .filter(({ data }) => Object.keys(data).length)
        .map(({ customer, data }) => ({
          id: customer.id,
          columns: Object.fromEntries(Object.entries(data).map(([attribute, value]) => [column(attribute), value])),
        }));
      if (rows.length) await updateRowsById(await currentTransaction(strapi), table, rows);
      // Groups that merged into one customer all answer its final row.
      return groupOf.map((name) => {
        const customer = groups.get(name)!.customer ?? null;
        return customer ? (latest.get(customer.id) ?? customer) : null;
      });
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

    /**
     * The customer a message is sent to by BSUID (outbound `to` given as a business-scoped user
     * id): the tenant's customer with that user id (or parent user id), else a new one.
     */
    async findOrCreateForUserId(tenant: TenantRef | null, userId: string): Promise<CustomerRow> {
      const found = await find({ tenant, userId, parentUserId: userId.includes('.ENT.') ? userId : null });
      if (found) return found;
      const identityKey = identityKeyOf(tenant?.documentId, userId);
      try {
        const created = (await query().create({
          select: [...CUSTOMER_FIELDS],
          data: { name: userId, userId, identityKey, tenant: tenant?.id ?? null },
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

    /**
     * A `system` message saying the person changed number (user_changed_number) or got a new
     * BSUID (user_changed_user_id): the same customer takes the new identity, so there is still
     * one customer and its messages (linked to it) stay one timeline. Refused, with the old
     * identity left as it was, when the new value is not a phone number / BSUID or another
     * customer of the tenant already has it (never merged silently). One UPDATE: nothing is
     * half-applied.
     */
    async applyIdentityChange(customer: CustomerRow, change: IdentityChange, tenant: TenantRef | null): Promise<IdentityChangeOutcome> {
      const data: Record<string, unknown> = {};
      const changed: string[] = [];
      if (change.kind === 'user_changed_number') {
        const phone = change.waId ? normalizePhone(change.waId) : null;
        if (!phone) return { applied: false, customer, reason: `system.wa_id ${JSON.stringify(change.waId ?? null)} is not a phone number` };
        if (customer.phone !== phone.e164) {
          data.phone = phone.e164;
          changed.push('phone');
        }
        if (customer.waId !== phone.waId) {
          data.waId = phone.waId;
          changed.push('waId');
        }
      }
      if (change.userId !== undefined && change.userId !== null) {
        if (!isBsuid(change.userId)) return { applied: false, customer, reason: `system.user_id ${JSON.stringify(change.userId)} is not a business-scoped user id` };
        if (customer.userId !== change.userId) {
          data.userId = change.userId;
          changed.push('userId');
        }
      } else if (change.kind === 'user_changed_user_id') {
        return { applied: false, customer, reason: 'system.user_id is missing' };
      }
      if (change.parentUserId && isBsuid(change.parentUserId) && customer.parentUserId !== change.parentUserId) {
        data.parentUserId = change.parentUserId;
        changed.push('parentUserId');
      }
      if (changed.length === 0) return { applied: true, customer, changed };

      const phone = (data.phone ?? customer.phone ?? null) as string | null;
      const userId = (data.userId ?? customer.userId ?? null) as string | null;
      const identity = phone || userId;
      const identityKey = identity ? identityKeyOf(tenant?.documentId, identity) : null;
      const holders: Record<string, unknown>[] = [];
      if (identityKey && identityKey !== customer.identityKey) holders.push({ identityKey });
      if (data.phone) holders.push({ phone: { $in: phoneVariants(data.phone as string) } });
      if (data.userId) holders.push({ userId: data.userId });
      if (holders.length) {
        const clash = await query().findOne({
          select: ['id', 'documentId', 'name'],
          where: { $and: [{ id: { $ne: customer.id } }, { $or: holders }, tenantWhere(tenant)] },
        });
        if (clash) {
          return {
            applied: false,
            customer,
            reason: `another customer of this tenant ("${clash.name ?? clash.documentId}") already has ${data.phone ? `phone ${data.phone}` : `user id ${data.userId}`}`,
          };
        }
      }
      if (identityKey) data.identityKey = identityKey;
      try {
        await query().updateMany({ where: { id: customer.id }, data });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return { applied: false, customer, reason: 'another customer of this tenant took the new identity at the same moment' };
      }
      const updated = { ...customer, ...data } as CustomerRow;
      getService(strapi, 'events').emit('customer.changed', { id: customer.id, documentId: customer.documentId, tenantId: tenant?.id ?? null, change: 'updated' });
      return { applied: true, customer: updated, changed };
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
