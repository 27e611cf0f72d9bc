import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../../../../shared/permissions';
import { adminUserName } from '../../core/admin-user-name';
import { getService } from '../../core/get-service';
import { EVERYTHING, type TenantScope } from '../../tenancy/scope';

/**
 * Send, list, retry and mark-as-read, for the content API (`/api/whatsapp/messages`, API tokens
 * or users-permissions) and the admin API (`/whatsapp/messages`, admin RBAC). Both call the same
 * service; an admin caller is recorded as the message's author.
 */
const adminAuthorOf = (ctx: any): { id: number; name: string } | undefined => {
  if (ctx.state?.auth?.strategy?.name !== 'admin' || !ctx.state.user) return undefined;
  const user = ctx.state.user;
  return { id: user.id, name: adminUserName(user) ?? `#${user.id}` };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const messages = () => getService(strapi, 'messages');
  const tenancy = () => getService(strapi, 'tenancy');

  /** An admin caller's tenants for the action (docs/tenancy.md); a content-API caller (API token) is not scoped. */
  const scopeOf = async (ctx: any, action: string): Promise<TenantScope> =>
    adminAuthorOf(ctx) ? tenancy().scopeFor(ctx.state.user, action) : EVERYTHING;

  /** Another tenant's message answers 404, as one that does not exist. */
  const requireMessage = async (ctx: any, action: string) => tenancy().requireMessage(await scopeOf(ctx, action), ctx.params.documentId);

  return {
    async send(ctx: any) {
      const { message, duplicate } = await messages().send(ctx.request.body, { author: adminAuthorOf(ctx), scope: await scopeOf(ctx, ACTIONS.messagesSend) });
      ctx.status = duplicate ? 200 : 202;
      ctx.body = { data: message, meta: { duplicate } };
    },

    async list(ctx: any) {
      ctx.body = await messages().list(ctx.query, await scopeOf(ctx, ACTIONS.messagesRead));
    },

    async findOne(ctx: any) {
      await requireMessage(ctx, ACTIONS.messagesRead);
      ctx.body = { data: await messages().findOne(ctx.params.documentId) };
    },

    async retry(ctx: any) {
      await requireMessage(ctx, ACTIONS.messagesSend);
      ctx.status = 202;
      ctx.body = { data: await messages().retry(ctx.params.documentId) };
    },

    async markRead(ctx: any) {
      await requireMessage(ctx, ACTIONS.messagesSend);
      ctx.body = { data: await messages().markRead(ctx.params.documentId, ctx.request.body) };
    },
  };
};
