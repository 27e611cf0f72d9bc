import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { GetAutomation } from '../../../../shared/contracts/automations';
import { ACTIONS } from '../../../../shared/permissions';
import { UID } from '../../../../shared/uids';
import { getService } from '../../core/get-service';
import { type TenantScope, tenantIdsIn } from '../../tenancy/scope';

/**
 * Admin routes under /whatsapp/automations (RBAC: plugin::whatsapp.automations-manage).
 *
 * A role scoped to its tenants (docs/tenancy.md) works on the rules that send for one of its
 * tenants (a fixed `tenant`): others answer 404, and a rule it writes must name one of its tenants
 * and no `tenantPath` (a path could resolve to any tenant's records).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => getService(strapi, 'automation-rules');
  const scopeOf = (ctx: any): Promise<TenantScope> => getService(strapi, 'tenancy').scopeFor(ctx.state.user, ACTIONS.automationsManage);

  const requireRule = async (ctx: any, scope: TenantScope) => {
    if (scope.all) return;
    const row = await strapi.db.query(UID.automation).findOne({ where: { documentId: ctx.params.documentId }, select: ['id'], populate: { tenant: { select: ['id'] } } });
    if (!row || !getService(strapi, 'tenancy').covers(scope, row.tenant?.id)) throw new errors.NotFoundError(`Automation ${ctx.params.documentId} not found`);
  };

  const requireInput = async (body: any, scope: TenantScope) => {
    if (scope.all) return;
    const field = (path: string, message: string) =>
      new errors.ValidationError(`${path}: ${message}`, { errors: [{ path: [path], message, name: 'ValidationError' }] });
    if (body?.tenantPath) throw field('tenantPath', 'leave it empty: your rules send for one of your tenants, named in tenant');
    const tenant = typeof body?.tenant === 'string' ? await strapi.db.query(UID.tenant).findOne({ where: { documentId: body.tenant }, select: ['id'] }) : null;
    if (!tenant || !scope.tenantIds.includes(tenant.id)) throw field('tenant', 'name one of the tenants you are a member of');
  };

  return {
    async contentTypes(ctx: any) {
      ctx.body = { data: rules().contentTypes() };
    },
    async templates(ctx: any) {
      ctx.body = { data: await rules().templates() };
    },
    async list(ctx: any) {
      const scope = await scopeOf(ctx);
      const all = await rules().list();
      if (scope.all) {
        ctx.body = { data: all };
        return;
      }
      const tenants = await strapi.db.query(UID.tenant).findMany({ where: { id: { $in: tenantIdsIn(scope) } }, select: ['documentId'] });
      const visible = new Set(tenants.map((tenant: { documentId: string }) => tenant.documentId));
      ctx.body = { data: all.filter((rule) => rule.tenant && visible.has(rule.tenant.documentId)) };
    },
    async get(ctx: any) {
      await requireRule(ctx, await scopeOf(ctx));
      ctx.body = { data: await rules().get(ctx.params.documentId) } satisfies GetAutomation.Response;
    },
    async create(ctx: any) {
      await requireInput(ctx.request.body, await scopeOf(ctx));
      const { data, warnings } = await rules().create(ctx.request.body);
      ctx.status = 201;
      ctx.body = { data, meta: { warnings } };
    },
    async update(ctx: any) {
      const scope = await scopeOf(ctx);
      await requireRule(ctx, scope);
      await requireInput(ctx.request.body, scope);
      const { data, warnings } = await rules().update(ctx.params.documentId, ctx.request.body);
      ctx.body = { data, meta: { warnings } };
    },
    async remove(ctx: any) {
      await requireRule(ctx, await scopeOf(ctx));
      await rules().remove(ctx.params.documentId);
      ctx.status = 204;
    },
    async activity(ctx: any) {
      await requireRule(ctx, await scopeOf(ctx));
      ctx.body = { data: await rules().activity(ctx.params.documentId) };
    },
    async dryRun(ctx: any) {
      await requireRule(ctx, await scopeOf(ctx));
      ctx.body = { data: await rules().dryRun(ctx.params.documentId, ctx.request.body) };
    },
  };
};
