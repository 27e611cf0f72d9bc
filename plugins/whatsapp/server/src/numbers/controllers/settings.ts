import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { GetSettings, RevealVerifyToken } from '../../../../shared/contracts/settings';
import { getService } from '../../core/get-service';

/** Admin routes `/whatsapp/settings…`. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(ctx: Context) {
    ctx.body = { data: getService(strapi, 'settings').get() } satisfies GetSettings.Response;
  },

  async revealVerifyToken(ctx: Context) {
    ctx.body = { data: { verifyToken: getService(strapi, 'settings').verifyToken() } } satisfies RevealVerifyToken.Response;
  },
});
