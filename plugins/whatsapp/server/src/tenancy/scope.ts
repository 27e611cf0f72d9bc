import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { TENANT_CONDITION } from '../../../shared/tenancy';
import { UID } from '../../../shared/uids';
import { linkTableOf, tableOf } from '../core/db';

/**
 * What part of the data an admin user's permission for an action covers: everything, or the
 * tenants they are a member of (docs/tenancy.md). A permission without conditions covers
 * everything; one whose conditions are all "Belongs to one of my tenants" covers the member's
 * tenants; several permissions for one action (several roles) add up. A condition the plugin does
 * not know (another plugin's) cannot be applied to the plugin's data, so such a permission
 * covers nothing here rather than everything.
 */
export interface TenantScope {
  /** true: every tenant's data (and data of no tenant); `tenantIds` is then empty and unused. */
  all: boolean;
  tenantIds: number[];
}

export const EVERYTHING: TenantScope = { all: true, tenantIds: [] };

/**
 * The ids to put in an `IN (…)` for a scope that is not `all`: the member's tenants, or `[-1]`
 * (no row has it) for a member of none, so the query matches nothing instead of being built with
 * an empty list, which query builders treat differently.
 */
export const tenantIdsIn = (scope: TenantScope): number[] => (scope.tenantIds.length ? scope.tenantIds : [-1]);

export interface AdminUser {
  id: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /**
   * The user's permissions for one action: Strapi's own query, read once per request (the admin
   * auth already read them once; a route asking for several scopes does not read them again).
   */
  const perRequest = new WeakMap<object, Promise<Array<{ action: string; conditions?: string[] }>>>();
  async function permissionsFor(user: AdminUser, action: string): Promise<Array<{ conditions?: string[] }>> {
    const request = strapi.requestContext.get() as object | undefined;
    const load = () => strapi.service('admin::permission').findUserPermissions(user) as Promise<Array<{ action: string; conditions?: string[] }>>;
    let all: Promise<Array<{ action: string; conditions?: string[] }>>;
    if (request && (request as { state?: { user?: AdminUser } }).state?.user?.id === user.id) {
      all = perRequest.get(request) ?? load();
      perRequest.set(request, all);
    } else {
      all = load();
    }
    return (await all).filter((permission) => permission.action === action);
  }

  async function memberTenantIds(userId: number): Promise<number[]> {
    const rows = await strapi.db.query(UID.tenant).findMany({ where: { members: { id: userId } }, select: ['id'] });
    return rows.map((row: { id: number }) => row.id);
  }

  const service = {
    /** The scope of `user` for `action`; a request without an admin user (a content-API token, the system) sees everything it is let through to. */
    async scopeFor(user: AdminUser | undefined | null, action: string): Promise<TenantScope> {
      if (!user?.id) return EVERYTHING;
      const permissions = await permissionsFor(user, action);
      if (permissions.some((permission) => !permission.conditions?.length)) return EVERYTHING;
      const scoped = permissions.some((permission) => permission.conditions!.every((condition) => condition === TENANT_CONDITION.id));
      return { all: false, tenantIds: scoped ? await memberTenantIds(user.id) : [] };
    },

    /** Whether a record of `tenantId` (null: no tenant) is inside the scope. A scoped user never sees tenant-less records. */
    covers(scope: TenantScope, tenantId: number | null | undefined): boolean {
      return scope.all || (tenantId != null && scope.tenantIds.includes(tenantId));
    },

    /**
     * The customer (by document id) if it is inside the scope; otherwise the same 404 as for a
     * customer that does not exist, so another tenant's customer is not revealed.
     */
    async customerInScope(scope: TenantScope, documentId: string): Promise<{ id: number; documentId: string; tenantId: number | null }> {
      const row = await strapi.db.query(UID.customer).findOne({ where: { documentId }, select: ['id', 'documentId'], populate: { tenant: { select: ['id'] } } });
      const tenantId = row?.tenant?.id ?? null;
      if (!row || !(scope.all || (tenantId != null && scope.tenantIds.includes(tenantId)))) {
        throw new errors.NotFoundError(`Customer ${documentId} not found`);
      }
      return { id: row.id, documentId: row.documentId, tenantId };
    },

    /**
     * 404 naming the field for a conversation key outside the scope (one whose messages belong to
     * none of the user's tenants), as for a key that does not exist.
     */
    async requireConversations(scope: TenantScope, keys: string[], field = 'conversationKeys'): Promise<void> {
      if (scope.all || keys.length === 0) return;
      const link = linkTableOf(strapi, UID.message, 'tenant');
      const messages = tableOf(strapi, UID.message).table;
      const found: Array<{ conversation_key: string }> = scope.tenantIds.length
        ? await strapi.db
            .connection(`${messages} as m`)
            .join(`${link.table} as tl`, `tl.${link.ownerColumn}`, 'm.id')
            .whereIn('m.conversation_key', [...new Set(keys)])
            .whereIn(`tl.${link.targetColumn}`, scope.tenantIds)
            .distinct('m.conversation_key')
        : [];
      const inside = new Set(found.map((row) => row.conversation_key));
      const outside = keys.findIndex((key) => !inside.has(key));
      if (outside >= 0) {
        const at = field === 'conversationKey' ? field : `${field}.${outside}`;
        throw new errors.NotFoundError(`${at}: no conversation ${keys[outside]}`);
      }
    },

    /** 404 for a message (by document id) of another tenant, as for one that does not exist. */
    async requireMessage(scope: TenantScope, documentId: string): Promise<void> {
      if (scope.all) return;
      const row = await strapi.db.query(UID.message).findOne({ where: { documentId }, select: ['id'], populate: { tenant: { select: ['id'] } } });
      if (row && !service.covers(scope, row.tenant?.id)) throw new errors.NotFoundError(`No message with documentId ${documentId}.`);
    },

    /** Whether the business number (Meta's id) is assigned to one of the scope's tenants. */
    async coversNumber(scope: TenantScope, phoneNumberId: string): Promise<boolean> {
      if (scope.all) return true;
      const holder = await strapi.db.query(UID.tenant).findOne({ where: { phoneNumber: { phoneNumberId } }, select: ['id'] });
      return Boolean(holder && scope.tenantIds.includes(holder.id));
    },

    /** The business accounts of the scope's tenants' numbers (templates belong to an account); null for everything. */
    async accountsOf(scope: TenantScope): Promise<{ ids: number[]; includesMaster: boolean } | null> {
      if (scope.all) return null;
      const numbers = scope.tenantIds.length
        ? await strapi.db.query(UID.phoneNumber).findMany({ where: { tenant: { id: { $in: scope.tenantIds } } }, select: ['id'], populate: { account: { select: ['id', 'isMaster'] } } })
        : [];
      const accounts = numbers.map((n: any) => n.account).filter(Boolean);
      return { ids: [...new Set(accounts.map((a: any) => a.id as number))], includesMaster: accounts.some((a: any) => a.isMaster) };
    },

    /** `requireConversations` for the scope of `user`'s permission for `action` (a controller's one-liner). */
    async requireConversationsFor(user: AdminUser | undefined | null, action: string, keys: string[], field = 'conversationKeys'): Promise<void> {
      await service.requireConversations(await service.scopeFor(user, action), keys, field);
    },

    /** `customerInScope` for the scope of `user`'s permission for `action`. */
    async requireCustomerFor(user: AdminUser | undefined | null, action: string, documentId: string) {
      return service.customerInScope(await service.scopeFor(user, action), documentId);
    },
  };
  return service;
};
