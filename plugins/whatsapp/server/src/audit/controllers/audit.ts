import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ListAudit } from '../../../../shared/contracts/audit';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** Admin route `GET /whatsapp/audit` (audit-read): the audit log, newest first, with filters. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const query = validate(ListAudit.query, ctx.query, 'Invalid query');
    ctx.body = (await getService(strapi, 'audit').list(query)) satisfies ListAudit.Response;
  },
});
