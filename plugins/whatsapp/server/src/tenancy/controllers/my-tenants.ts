import type { Core } from '@strapi/strapi';
import { UpdateMyTenant, type ListMyTenants } from '../../../../shared/contracts/my-whatsapp';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** Admin routes `/whatsapp/my-tenants…`: the "My WhatsApp" card of a tenant's members. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: any) {
    ctx.body = { data: await getService(strapi, 'my-tenants').list(ctx.state.user) } satisfies ListMyTenants.Response;
  },

  async updateSettings(ctx: any) {
    const body = validate(UpdateMyTenant.bodySchema, ctx.request.body ?? {});
    ctx.body = { data: await getService(strapi, 'my-tenants').updateSettings(ctx.state.user, String(ctx.params.id), body) } satisfies UpdateMyTenant.Response;
  },
});
