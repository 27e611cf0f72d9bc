import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ListTenants, TenantView } from '../../../shared/contracts/numbers';
import { UID } from '../../../shared/uids';
import { isUniqueViolation } from '../core/db';
import { ConflictError } from '../core/errors';
import { getService } from '../core/get-service';
import { lockRow } from '../core/row-lock';
import { EVERYTHING, type TenantScope, tenantIdsIn } from '../tenancy/scope';
import { MEMBER_FIELDS, numberLabel, toTenantMember, toTenantView } from './views/numbers';

const POPULATE = { phoneNumber: true, members: { select: MEMBER_FIELDS } } as const;

/**
 * Tenants and their number. A number belongs to at most one tenant, guaranteed by the database:
 * `assignedPhoneNumberId` (Meta's id, mirrored from the oneToOne relation in the same
 * transaction) has a unique index, and assignment locks the tenant and the number rows first, so
 * two concurrent assigns of one number end with one winner and one 409, never two holders.
 * The relation is written only here (a document middleware refuses other writes of it).
 */
const fieldError = (path: string, message: string) =>
  new errors.ValidationError(`${path}: ${message}`, { errors: [{ path: path.split('.'), message, name: 'ValidationError' }] });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tenants = () => strapi.db.query(UID.tenant);
  const audit = () => getService(strapi, 'audit');

  const findView = async (id: number): Promise<TenantView> =>
    toTenantView(await tenants().findOne({ where: { id }, populate: POPULATE }));

  const conflictFor = async (phoneNumberId: string, holderId?: number) => {
    const [number, holder] = await Promise.all([
      strapi.db.query(UID.phoneNumber).findOne({ where: { phoneNumberId } }),
      holderId
        ? tenants().findOne({ where: { id: holderId } })
        : tenants().findOne({ where: { assignedPhoneNumberId: phoneNumberId } }),
    ]);
    const label = numberLabel(number ?? { phoneNumberId });
    return new ConflictError(`Phone number ${label} is already assigned to tenant '${holder?.name ?? 'another tenant'}'`, {
      phoneNumberId,
      tenantId: holder?.documentId,
    });
  };

  return {
    /** `scope`: a member of tenants lists their own tenants only (docs/tenancy.md). */
    async list(query: ListTenants.Parsed, scope: TenantScope = EVERYTHING) {
      const where: Record<string, unknown>[] = [];
      if (!scope.all) where.push({ id: { $in: tenantIdsIn(scope) } });
      if (query.q) {
        where.push({
          $or: [
            { name: { $containsi: query.q } },
            { slug: { $containsi: query.q } },
            { assignedPhoneNumberId: { $contains: query.q } },
            { phoneNumber: { displayPhoneNumber: { $containsi: query.q } } },
          ],
        });
      }
      if (query.status === 'disabled') where.push({ $or: [{ whatsappEnabled: false }, { whatsappEnabled: null }] });
      if (query.status === 'configured') where.push({ whatsappEnabled: true, assignedPhoneNumberId: { $notNull: true } });
      if (query.status === 'not_configured') where.push({ whatsappEnabled: true, assignedPhoneNumberId: { $null: true } });

      const { results, pagination } = await tenants().findPage({
        where: where.length ? { $and: where } : {},
        populate: POPULATE,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        page: query.page ?? 1,
        pageSize: query.pageSize ?? 25,
      });
      return { data: results.map(toTenantView), meta: { pagination } };
    },

    async findOne(documentId: string): Promise<TenantView> {
      const row = await tenants().findOne({ where: { documentId }, populate: POPULATE });
      if (!row) throw new errors.NotFoundError(`Tenant ${documentId} not found`);
      return toTenantView(row);
    },

    /**
     * Gives a tenant a number (Meta's phone number id). Idempotent for the number it already has;
     * a tenant with another number moves to the new one and frees the old one.
     */
    async assignPhone(tenantDocumentId: string, phoneNumberId: string): Promise<TenantView> {
      let tenantId: number;
      try {
        tenantId = await strapi.db.transaction(async () => {
          // Lock order everywhere: tenant, then number, so two assigns never deadlock.
          const id = await lockRow(strapi, UID.tenant, { documentId: tenantDocumentId });
          if (!id) throw new errors.NotFoundError(`Tenant ${tenantDocumentId} not found`);
          const numberId = await lockRow(strapi, UID.phoneNumber, { phoneNumberId });
          if (!numberId) {
            throw new errors.NotFoundError(`Phone number ${phoneNumberId} not found. Sync the numbers from Meta first.`);
          }
          const number = await strapi.db.query(UID.phoneNumber).findOne({ where: { id: numberId } });
          if (number.missingAtMeta) {
            throw new errors.ValidationError(
              `Phone number ${numberLabel(number)} is no longer listed by Meta (last sync); it cannot be assigned.`
            );
          }
          const holder = await tenants().findOne({ where: { assignedPhoneNumberId: phoneNumberId } });
          if (holder && holder.id !== id) throw await conflictFor(phoneNumberId, holder.id);
          if (!holder) {
            const tenant = await tenants().findOne({ where: { id }, select: ['documentId', 'name', 'assignedPhoneNumberId'] });
            await tenants().update({ where: { id }, data: { phoneNumber: numberId, assignedPhoneNumberId: phoneNumberId } });
            await audit().record({
              action: 'number.assigned',
              subject: { type: 'tenant', documentId: tenant.documentId, label: tenant.name },
              before: { phoneNumberId: tenant.assignedPhoneNumberId ?? null },
              after: { phoneNumberId, displayPhoneNumber: number.displayPhoneNumber ?? null },
            });
          }
          return id;
        });
      } catch (error) {
        // The unique index caught a race the locks did not (e.g. a write from outside this service).
        if (isUniqueViolation(error)) throw await conflictFor(phoneNumberId);
        throw error;
      }
      return findView(tenantId);
    },

    async unassignPhone(tenantDocumentId: string): Promise<TenantView> {
      const tenantId = await strapi.db.transaction(async () => {
        const id = await lockRow(strapi, UID.tenant, { documentId: tenantDocumentId });
        if (!id) throw new errors.NotFoundError(`Tenant ${tenantDocumentId} not found`);
        const tenant = await tenants().findOne({ where: { id }, select: ['documentId', 'name', 'assignedPhoneNumberId'] });
        await tenants().update({ where: { id }, data: { phoneNumber: null, assignedPhoneNumberId: null } });
        if (tenant.assignedPhoneNumberId) {
          await audit().record({
            action: 'number.unassigned',
            subject: { type: 'tenant', documentId: tenant.documentId, label: tenant.name },
            before: { phoneNumberId: tenant.assignedPhoneNumberId },
            after: { phoneNumberId: null },
          });
        }
        return id;
      });
      return findView(tenantId);
    },

    async updateSettings(
      tenantDocumentId: string,
      settings: { whatsappEnabled?: boolean; defaultLanguage?: string; autoAssign?: boolean }
    ): Promise<TenantView> {
      const id = await strapi.db.transaction(async () => {
        const lockedId = await lockRow(strapi, UID.tenant, { documentId: tenantDocumentId });
        if (!lockedId) throw new errors.NotFoundError(`Tenant ${tenantDocumentId} not found`);
        const row = await tenants().findOne({ where: { id: lockedId } });
        const before: Record<string, string | boolean | null> = {};
        const after: Record<string, string | boolean | null> = {};
        for (const key of ['whatsappEnabled', 'defaultLanguage', 'autoAssign'] as const) {
          if (settings[key] === undefined || settings[key] === (key === 'autoAssign' ? Boolean(row[key]) : row[key])) continue;
          before[key] = row[key] ?? null;
          after[key] = settings[key]!;
        }
        if (Object.keys(after).length) {
          await tenants().update({ where: { id: lockedId }, data: after });
          await audit().record({ action: 'tenant.settings-changed', subject: { type: 'tenant', documentId: row.documentId, label: row.name }, before, after });
        }
        return lockedId;
      });
      return findView(id);
    },

    /** Active admin users, the people a tenant can have as members. */
    async memberCandidates() {
      const users = await strapi.db.query('admin::user').findMany({
        where: { isActive: true, blocked: false },
        select: MEMBER_FIELDS,
        orderBy: [{ firstname: 'asc' }, { lastname: 'asc' }, { id: 'asc' }],
      });
      return users.map(toTenantMember);
    },

    /**
     * Replaces a tenant's members. Every id must be an active admin user (400 naming the index
     * otherwise, and nothing changes); the change and its audit entry share one transaction.
     */
    async setMembers(tenantDocumentId: string, userIds: number[]): Promise<TenantView> {
      const wanted = [...new Set(userIds)];
      const id = await strapi.db.transaction(async () => {
        const lockedId = await lockRow(strapi, UID.tenant, { documentId: tenantDocumentId });
        if (!lockedId) throw new errors.NotFoundError(`Tenant ${tenantDocumentId} not found`);
        const users = wanted.length
          ? await strapi.db.query('admin::user').findMany({ where: { id: { $in: wanted } }, select: [...MEMBER_FIELDS, 'isActive', 'blocked'] })
          : [];
        const byId = new Map(users.map((user: any) => [user.id, user]));
        userIds.forEach((userId, index) => {
          const user = byId.get(userId);
          if (!user) throw fieldError(`userIds.${index}`, `no admin user ${userId}`);
          if (!user.isActive || user.blocked) throw fieldError(`userIds.${index}`, `${toTenantMember(user).name} is not an active admin user`);
        });
        const row = await tenants().findOne({ where: { id: lockedId }, populate: { members: { select: MEMBER_FIELDS } } });
        const names = (list: any[]) => list.map((user) => toTenantMember(user).name).sort((a, b) => a.localeCompare(b)).join(', ');
        const before = names(row.members ?? []);
        const after = names(wanted.map((userId) => byId.get(userId)));
        const sortedIds = (ids: number[]) => [...ids].sort((a, b) => a - b).join(',');
        if (sortedIds((row.members ?? []).map((user: any) => user.id)) !== sortedIds(wanted)) {
          await tenants().update({ where: { id: lockedId }, data: { members: wanted } });
          await audit().record({
            action: 'tenant.members-changed',
            subject: { type: 'tenant', documentId: row.documentId, label: row.name },
            before: { members: before || null },
            after: { members: after || null },
          });
        }
        return lockedId;
      });
      return findView(id);
    },

    /** Frees a number from whichever tenant holds it (used when a number is deleted). */
    async releaseNumber(phoneNumberId: string): Promise<void> {
      await tenants().updateMany({ where: { assignedPhoneNumberId: phoneNumberId }, data: { assignedPhoneNumberId: null } });
    },
  };
};
