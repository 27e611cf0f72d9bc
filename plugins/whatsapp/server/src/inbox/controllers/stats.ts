import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { GetStats } from '../../../../shared/contracts/conversations';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** GET /whatsapp/stats: delivery statistics over a period. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(ctx: any) {
    const query = validate(GetStats.query, ctx.query ?? {});
    const stats = getService(strapi, 'stats');
    const { from, to } = stats.period(query);
    if (from.getTime() > to.getTime()) throw new errors.ValidationError('from must be before to');
    if (to.getTime() - from.getTime() > stats.MAX_PERIOD_DAYS * 86_400_000) {
      throw new errors.ValidationError(`the period may span at most ${stats.MAX_PERIOD_DAYS} days`);
    }
    ctx.body = await stats.compute(query, await getService(strapi, 'tenancy').scopeFor(ctx.state.user, ACTIONS.messagesRead));
  },
});
