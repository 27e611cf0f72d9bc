import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { CreateAccount, UpdateAccount, type ListAccounts, type TestAccount } from '../../../../shared/contracts/accounts';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** Admin routes `/whatsapp/accounts…` (accounts-manage). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const accounts = () => getService(strapi, 'account-admin');

  return {
    async list(ctx: Context) {
      ctx.body = { data: await accounts().list() } satisfies ListAccounts.Response;
    },

    async create(ctx: Context) {
      const body = validate(CreateAccount.bodySchema, (ctx.request as any).body);
      ctx.status = 201;
      ctx.body = { data: await accounts().create(body) } satisfies CreateAccount.Response;
    },

    async update(ctx: Context) {
      const body = validate(UpdateAccount.bodySchema, (ctx.request as any).body);
      ctx.body = { data: await accounts().update(ctx.params.id, body) } satisfies UpdateAccount.Response;
    },

    async remove(ctx: Context) {
      await accounts().remove(ctx.params.id);
      ctx.body = { data: { id: ctx.params.id } };
    },

    async test(ctx: Context) {
      ctx.body = { data: await accounts().test(ctx.params.id) } satisfies TestAccount.Response;
    },
  };
};
