import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { GetStats } from '../../../shared/contracts/conversations';
import type { MyTenant } from '../../../shared/contracts/my-whatsapp';
import { ACTIONS } from '../../../shared/permissions';
import { UID } from '../../../shared/uids';
import { linkTableOf, tableOf } from '../core/db';
import { getService } from '../core/get-service';
import { tenantStatus } from '../numbers/views/numbers';

/**
 * "My WhatsApp" (docs/tenancy.md): for each tenant the user is a member of, what its owner needs
 * at a glance: configured or not (the number and its quality), WhatsApp on/off and the default
 * language, and this month's messages. Membership decides which tenants; changing the switch or
 * the language needs `own-tenant-manage`, goes through the numbers' own settings service, and is
 * audited there.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const monthStart = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

  async function usageOf(tenantIds: number[]): Promise<Map<number, MyTenant['usage']>> {
    const start = monthStart();
    const month = start.toISOString().slice(0, 7);
    const currency = getService(strapi, 'stats').rateCard().currency;
    const empty = (): MyTenant['usage'] => ({ month, sent: 0, delivered: 0, read: 0, failed: 0, received: 0, cost: 0, currency });
    const usage = new Map(tenantIds.map((id) => [id, empty()]));
    if (tenantIds.length === 0) return usage;
    const link = linkTableOf(strapi, UID.message, 'tenant');
    const db = strapi.db.connection;
    const rows: any[] = await db(`${tableOf(strapi, UID.message).table} as m`)
      .join(`${link.table} as l`, `l.${link.ownerColumn}`, 'm.id')
      .whereIn(`l.${link.targetColumn}`, tenantIds)
      .where('m.occurred_at', '>=', start)
      .whereNot('m.type', 'reaction')
      .groupBy(`l.${link.targetColumn}`)
      .select(`l.${link.targetColumn} as tenant_id`)
      .select(db.raw(`sum(case when m.direction = 'outbound' then 1 else 0 end) as sent`))
      .select(db.raw(`sum(case when m.direction = 'outbound' and m.delivery_status in ('delivered', 'read') then 1 else 0 end) as delivered`))
      .select(db.raw(`sum(case when m.direction = 'outbound' and m.delivery_status = 'read' then 1 else 0 end) as "read"`))
      .select(db.raw(`sum(case when m.direction = 'outbound' and m.delivery_status = 'failed' then 1 else 0 end) as failed`))
      .select(db.raw(`sum(case when m.direction = 'inbound' then 1 else 0 end) as received`));
    for (const row of rows) {
      const n = (v: unknown) => Number(v ?? 0);
      usage.set(Number(row.tenant_id), { ...empty(), sent: n(row.sent), delivered: n(row.delivered), read: n(row.read), failed: n(row.failed), received: n(row.received) });
    }
    // The cost comes from the statistics (one pricing rule for both): this month by tenant.
    const stats = await getService(strapi, 'stats').compute(GetStats.query.parse({ month, groupBy: 'tenant' }), { all: false, tenantIds });
    const byDocumentId = new Map(stats.data.groups.map((group) => [group.key, group.cost]));
    const documentIds: any[] = await strapi.db.query(UID.tenant).findMany({ where: { id: { $in: tenantIds } }, select: ['id', 'documentId'] });
    for (const { id, documentId } of documentIds) usage.get(id)!.cost = byDocumentId.get(documentId) ?? 0;
    return usage;
  }

  async function canManage(user: { id: number }): Promise<boolean> {
    const permissions = (await strapi.service('admin::permission').findUserPermissions(user)) as Array<{ action: string }>;
    return permissions.some((permission) => permission.action === ACTIONS.ownTenantManage);
  }

  async function list(user: { id: number }): Promise<MyTenant[]> {
    const rows = await strapi.db.query(UID.tenant).findMany({
      where: { members: { id: user.id } },
      populate: { phoneNumber: { select: ['displayPhoneNumber', 'qualityRating'] } },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
    const [usage, manage] = await Promise.all([usageOf(rows.map((row: any) => row.id)), canManage(user)]);
    return rows.map((row: any) => ({
      id: row.documentId,
      name: row.name,
      status: tenantStatus(row),
      whatsappEnabled: Boolean(row.whatsappEnabled),
      defaultLanguage: row.defaultLanguage || 'en',
      displayPhoneNumber: row.phoneNumber?.displayPhoneNumber ?? null,
      qualityRating: row.phoneNumber?.qualityRating ?? null,
      canManage: manage,
      usage: usage.get(row.id)!,
    }));
  }

  return {
    list,

    /** A member switches their tenant's WhatsApp or language; another tenant answers 404. */
    async updateSettings(user: { id: number }, tenantDocumentId: string, settings: { whatsappEnabled?: boolean; defaultLanguage?: string }): Promise<MyTenant> {
      const member = await strapi.db.query(UID.tenant).findOne({ where: { documentId: tenantDocumentId, members: { id: user.id } }, select: ['id'] });
      if (!member) throw new errors.NotFoundError(`Tenant ${tenantDocumentId} not found among your tenants`);
      await getService(strapi, 'tenants').updateSettings(tenantDocumentId, settings);
      return (await list(user)).find((tenant) => tenant.id === tenantDocumentId)!;
    },
  };
};
