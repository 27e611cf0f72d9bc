import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ListPhoneNumbers, SyncPhoneNumbers } from '../../../../shared/contracts/numbers';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** Admin routes `/whatsapp/phone-numbers…`: the list and the on-demand sync from Meta. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const query = validate(ListPhoneNumbers.querySchema, ctx.query);
    const scope = await getService(strapi, 'tenancy').scopeFor((ctx.state as any).user, ACTIONS.numbersRead);
    ctx.body = { data: await getService(strapi, 'phone-numbers').list(query, scope) } satisfies ListPhoneNumbers.Response;
  },

  async sync(ctx: Context) {
    const body = validate(SyncPhoneNumbers.bodySchema, (ctx.request as any).body);
    const accounts = await getService(strapi, 'phone-numbers').sync(body);
    ctx.body = { data: { accounts } } satisfies SyncPhoneNumbers.Response;
  },
});
