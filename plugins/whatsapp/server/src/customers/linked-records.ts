import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { GetCustomerRecords } from '../../../shared/contracts/customer-records';
import { UID } from '../../../shared/uids';
import type { ModelLike } from '../automations/paths';
import { normalizePhone, phoneVariants } from '../core/phone';
import { discoverLinkedTypes, phoneSources, type DiscoveryModel, type LinkedType } from './discovery';

/**
 * The customer panel's data (docs/conversations.md#customer-panel): the contact and the records of
 * the linked types found by `discovery.ts`. The discovery runs once per boot (schemas do not change
 * at runtime); each request runs, per readable type, one count and one query for the `limit` most
 * recently updated records, plus one bounded scan per phone-carrying type to match phones by their
 * normalised E.164 form (a CRM stores "+34 611 22 23 33", Meta "34611222333").
 */

const CM_READ = 'plugin::content-manager.explorer.read';
/** Phone-carrying records scanned per type and request (those ending in the same digit, same tenant). */
export const PHONE_SCAN_LIMIT = 5000;

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let discovered: LinkedType[] | null = null;
  const lookup = (uid: string) => (strapi.getModel as (uid: string) => ModelLike | undefined)(uid);

  function linkedTypes(): LinkedType[] {
    discovered ??= discoverLinkedTypes(Object.values(strapi.contentTypes as unknown as Record<string, DiscoveryModel>));
    return discovered;
  }

  const contentManager = () => strapi.plugin('content-manager');

  /**
   * Whether the admin user may read every record of the type in the Content Manager. A read
   * permission with conditions ("is creator") is record-level: such types are left out rather than
   * listing records the user may not open.
   */
  function mayRead(userAbility: any, uid: string): boolean {
    if (!userAbility) return false;
    const checker = contentManager().service('permission-checker').create({ userAbility, model: uid });
    if (checker.cannot.read()) return false;
    if (typeof userAbility.rulesFor !== 'function') return true;
    const rules: any[] = userAbility.rulesFor(CM_READ, uid);
    return rules.some((rule) => !rule.inverted && !rule.conditions);
  }

  function mayReadField(userAbility: any, uid: string, field: string): boolean {
    if (field === 'documentId') return true;
    const checker = contentManager().service('permission-checker').create({ userAbility, model: uid });
    return checker.can.read(null, field);
  }

  /** The Content Manager's configured main field when it is a readable scalar, else the discovered default. */
  async function titleFieldOf(type: LinkedType, userAbility: any): Promise<string> {
    const model = lookup(type.uid);
    let field = type.defaultTitleField;
    try {
      const configuration = await contentManager().service('content-types').findConfiguration({ uid: type.uid });
      const main = configuration?.settings?.mainField;
      const attribute = main ? model?.attributes[main] : undefined;
      if (attribute && !attribute.private && !['relation', 'component', 'dynamiczone', 'media', 'json', 'password', 'blocks'].includes(attribute.type)) field = main;
    } catch {
      // No configuration stored yet: the default stands.
    }
    return mayReadField(userAbility, type.uid, field) ? field : 'documentId';
  }

  const tenantWhere = (attribute: string | null, tenantId: number | null) => {
    if (!attribute) return null;
    const none = { [attribute]: { id: { $null: true } } };
    return tenantId ? { $or: [{ [attribute]: { id: tenantId } }, none] } : none;
  };

  /** Ids of the records of `uid` whose phone normalises to one of `variants`. */
  async function matchPhones(uid: string, source: { phoneAttribute: string; tenantAttribute: string | null }, variants: Set<string>, tenantId: number | null): Promise<number[]> {
    const last = [...variants][0]?.slice(-1);
    if (!last) return [];
    const and: any[] = [{ [source.phoneAttribute]: { $notNull: true } }, { [source.phoneAttribute]: { $endsWith: last } }];
    const tenant = tenantWhere(source.tenantAttribute, tenantId);
    if (tenant) and.push(tenant);
    const rows: any[] = await strapi.db.query(uid as any).findMany({
      select: ['id', source.phoneAttribute],
      where: { $and: and },
      orderBy: { id: 'desc' },
      limit: PHONE_SCAN_LIMIT,
    });
    return rows
      .filter((row) => {
        const phone = normalizePhone(String(row[source.phoneAttribute] ?? '').trim());
        return phone !== null && variants.has(phone.e164);
      })
      .map((row) => row.id as number);
  }

  return {
    linkedTypes,

    async list(documentId: string, { limit }: { limit: number }, userAbility: any): Promise<GetCustomerRecords.Response['data']> {
      const customer: any = await strapi.db.query(UID.customer).findOne({
        where: { documentId },
        populate: { tenant: { select: ['id', 'documentId', 'name'] } },
      });
      if (!customer) throw new errors.NotFoundError('Customer not found');
      const tenantId: number | null = customer.tenant?.id ?? null;

      const phone = normalizePhone(customer.phone ?? '') ?? normalizePhone(customer.waId ?? '');
      const variants = new Set(phone ? phoneVariants(phone.e164) : []);
      const readable = linkedTypes().filter((type) => mayRead(userAbility, type.uid));

      const sources = phoneSources(readable, lookup);
      const matched = new Map<string, number[]>();
      for (const [uid, source] of sources) matched.set(uid, variants.size ? await matchPhones(uid, source, variants, tenantId) : []);

      const base = String(strapi.config.get('admin.url', '/admin') || '/admin').replace(/\/$/, '');
      const groups: GetCustomerRecords.Group[] = [];
      for (const type of readable) {
        const or: any[] = [];
        for (const link of type.links) {
          if (link.kind === 'customer') or.push({ [link.attribute]: { id: customer.id } });
          if (link.kind === 'phone' && matched.get(type.uid)?.length) or.push({ id: { $in: matched.get(type.uid) } });
          if (link.kind === 'related-phone' && matched.get(link.target)?.length) or.push({ [link.attribute]: { id: { $in: matched.get(link.target) } } });
        }
        if (or.length === 0) continue;
        const and: any[] = [{ $or: or }];
        const tenant = tenantWhere(type.tenantAttribute, tenantId);
        if (tenant) and.push(tenant);
        // Draft & publish keeps a draft row for every document: one row per document, the draft.
        if (type.draftAndPublish) and.push({ publishedAt: { $null: true } });
        const where = { $and: and };

        const count = await strapi.db.query(type.uid as any).count({ where });
        if (count === 0) continue;
        const titleField = await titleFieldOf(type, userAbility);
        const rows: any[] = await strapi.db.query(type.uid as any).findMany({
          select: [...new Set(['id', 'documentId', titleField, 'updatedAt'])],
          where,
          orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
          limit,
        });
        const listTo = `/content-manager/collection-types/${type.uid}`;
        groups.push({
          uid: type.uid,
          displayName: type.displayName,
          titleField,
          links: type.links,
          count,
          listTo,
          records: rows.map((row) => {
            const to = `${listTo}/${row.documentId}`;
            const title = row[titleField];
            return {
              documentId: row.documentId,
              title: title === null || title === undefined || title === '' ? row.documentId : String(title),
              updatedAt: iso(row.updatedAt),
              to,
              href: `${base}${to}`,
            };
          }),
        });
      }

      return {
        customer: {
          documentId: customer.documentId,
          name: customer.name ?? null,
          profileName: customer.profileName ?? null,
          phone: customer.phone ?? null,
          waId: customer.waId ?? null,
          userId: customer.userId ?? null,
          username: customer.username ?? null,
          email: customer.email ?? null,
          language: customer.language ?? null,
          tenant: customer.tenant ? { documentId: customer.tenant.documentId, name: customer.tenant.name ?? null } : null,
          optedIn: Boolean(customer.optedIn),
          optedInAt: iso(customer.optedInAt),
          optedOut: Boolean(customer.optedOut),
          optedOutAt: iso(customer.optedOutAt),
          marketingOptOut: Boolean(customer.marketingOptOut),
          marketingOptOutAt: iso(customer.marketingOptOutAt),
          lastInboundAt: iso(customer.lastInboundAt),
          blocked: customer.blockedAt ? { at: iso(customer.blockedAt)!, byName: customer.blockedByName ?? null } : null,
        },
        groups,
      };
    },
  };
};
