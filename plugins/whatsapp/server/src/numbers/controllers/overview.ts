import type { Core } from '@strapi/strapi';
import type { GetOverview } from '../../../../shared/contracts/overview';
import { getService } from '../../core/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /whatsapp/overview */
  async get(ctx: { body: GetOverview.Response }) {
    ctx.body = { data: await getService(strapi, 'overview').get() };
  },
});
