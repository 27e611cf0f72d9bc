import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { AssignPhone, ListMemberCandidates, ListTenants, SetTenantMembers, UpdateTenantSettings } from '../../../../shared/contracts/numbers';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** Admin routes `/whatsapp/tenants…`: list with status, assign/unassign a number, settings, members. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tenants = () => getService(strapi, 'tenants');

  return {
    async list(ctx: Context) {
      const query = validate(ListTenants.querySchema, ctx.query);
      const scope = await getService(strapi, 'tenancy').scopeFor((ctx.state as any).user, ACTIONS.numbersRead);
      ctx.body = (await tenants().list(query, scope)) satisfies ListTenants.Response;
    },

    async assignPhone(ctx: Context) {
      const { phoneNumberId } = validate(AssignPhone.bodySchema, (ctx.request as any).body);
      ctx.body = { data: await tenants().assignPhone(ctx.params.id, phoneNumberId) } satisfies AssignPhone.Response;
    },

    async unassignPhone(ctx: Context) {
      ctx.body = { data: await tenants().unassignPhone(ctx.params.id) };
    },

    async updateSettings(ctx: Context) {
      const body = validate(UpdateTenantSettings.bodySchema, (ctx.request as any).body);
      ctx.body = { data: await tenants().updateSettings(ctx.params.id, body) } satisfies UpdateTenantSettings.Response;
    },

    async memberCandidates(ctx: Context) {
      ctx.body = { data: await tenants().memberCandidates() } satisfies ListMemberCandidates.Response;
    },

    async setMembers(ctx: Context) {
      const { userIds } = validate(SetTenantMembers.bodySchema, (ctx.request as any).body);
      ctx.body = { data: await tenants().setMembers(ctx.params.id, userIds) } satisfies SetTenantMembers.Response;
    },
  };
};
