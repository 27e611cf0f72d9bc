import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { EraseCustomer, type ExportCustomerData } from '../../../../shared/contracts/customer-data';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** Admin routes `/whatsapp/customers/:documentId/{export,erase}` (docs/privacy.md). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async export(ctx: Context) {
    // Another tenant's customer answers 404, as one that does not exist (docs/tenancy.md).
    await getService(strapi, 'tenancy').requireCustomerFor(ctx.state.user, ACTIONS.customersExport, ctx.params.documentId);
    const data = await getService(strapi, 'customer-data').export(ctx.params.documentId);
    ctx.set('Content-Disposition', `attachment; filename="customer-${ctx.params.documentId}.json"`);
    ctx.body = { data } satisfies ExportCustomerData.Response;
  },

  async erase(ctx: Context) {
    validate(EraseCustomer.body, (ctx.request as any).body);
    await getService(strapi, 'tenancy').requireCustomerFor(ctx.state.user, ACTIONS.customersErase, ctx.params.documentId);
    ctx.body = { data: { erased: await getService(strapi, 'customer-data').erase(ctx.params.documentId) } } satisfies EraseCustomer.Response;
  },
});
