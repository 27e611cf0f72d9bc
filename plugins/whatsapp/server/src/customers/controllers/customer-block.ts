import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { BlockCustomer } from '../../../../shared/contracts/customer-block';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';
import { createCustomerBlocking } from '../blocking';

/** Admin routes `/whatsapp/customers/:documentId/block` (docs/customers-blocking.md). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const blocking = createCustomerBlocking(strapi);
  // Another tenant's customer answers 404, as one that does not exist (docs/tenancy.md).
  const requireCustomer = (ctx: Context, action: string) => getService(strapi, 'tenancy').requireCustomerFor(ctx.state.user, action, ctx.params.documentId);

  return {
    async state(ctx: Context) {
      await requireCustomer(ctx, ACTIONS.messagesRead);
      ctx.body = { data: await blocking.state(ctx.params.documentId) } satisfies BlockCustomer.Response;
    },

    async block(ctx: Context) {
      validate(BlockCustomer.body, (ctx.request as any).body ?? {});
      await requireCustomer(ctx, ACTIONS.customersBlock);
      ctx.body = { data: await blocking.block(ctx.params.documentId, ctx.state.user) } satisfies BlockCustomer.Response;
    },

    async unblock(ctx: Context) {
      validate(BlockCustomer.body, (ctx.request as any).body ?? {});
      await requireCustomer(ctx, ACTIONS.customersBlock);
      ctx.body = { data: await blocking.unblock(ctx.params.documentId) } satisfies BlockCustomer.Response;
    },
  };
};
