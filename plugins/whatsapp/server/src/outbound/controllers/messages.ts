import type { Core } from '@strapi/strapi';
import { getService } from '../../core/get-service';

/**
 * Send, list, retry and mark-as-read, for the content API (`/api/whatsapp/messages`, API tokens
 * or users-permissions) and the admin API (`/whatsapp/messages`, admin RBAC). Both call the same
 * service; an admin caller is recorded as the message's author.
 */
const adminAuthorOf = (ctx: any): { id: number; name: string } | undefined => {
  if (ctx.state?.auth?.strategy?.name !== 'admin' || !ctx.state.user) return undefined;
  const user = ctx.state.user;
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || user.email;
  return { id: user.id, name };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const messages = () => getService(strapi, 'messages');

  return {
    async send(ctx: any) {
      const { message, duplicate } = await messages().send(ctx.request.body, { author: adminAuthorOf(ctx) });
      ctx.status = duplicate ? 200 : 202;
      ctx.body = { data: message, meta: { duplicate } };
    },

    async list(ctx: any) {
      ctx.body = await messages().list(ctx.query);
    },

    async findOne(ctx: any) {
      ctx.body = { data: await messages().findOne(ctx.params.documentId) };
    },

    async retry(ctx: any) {
      ctx.status = 202;
      ctx.body = { data: await messages().retry(ctx.params.documentId) };
    },

    async markRead(ctx: any) {
      ctx.body = { data: await messages().markRead(ctx.params.documentId, ctx.request.body) };
    },
  };
};
