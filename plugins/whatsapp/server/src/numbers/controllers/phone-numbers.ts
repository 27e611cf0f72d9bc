import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ListPhoneNumbers, SyncPhoneNumbers } from '../../../../shared/contracts/numbers';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** Admin routes `/whatsapp/phone-numbers…`: the list and the on-demand sync from Meta. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const query = validate(ListPhoneNumbers.querySchema, ctx.query);
    ctx.body = { data: await getService(strapi, 'phone-numbers').list(query) } satisfies ListPhoneNumbers.Response;
  },

  async sync(ctx: Context) {
    const body = validate(SyncPhoneNumbers.bodySchema, (ctx.request as any).body);
    const accounts = await getService(strapi, 'phone-numbers').sync(body);
    ctx.body = { data: { accounts } } satisfies SyncPhoneNumbers.Response;
  },
});
