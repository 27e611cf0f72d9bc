import type { Core } from '@strapi/strapi';
import { SearchContacts, StartConversation } from '../../../../shared/contracts/conversations-new';
import { errors } from '@strapi/utils';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/**
 * A member of tenants starts conversations from their tenants' numbers only (docs/tenancy.md);
 * another tenant's number answers 404 naming phoneNumberId, as one that does not exist.
 */
async function requireSender(strapi: Core.Strapi, ctx: any, phoneNumberId: string): Promise<void> {
  const tenancy = getService(strapi, 'tenancy');
  if (!(await tenancy.coversNumber(await tenancy.scopeFor(ctx.state.user, ACTIONS.messagesSend), phoneNumberId))) {
    throw new errors.NotFoundError(`phoneNumberId: no business number ${phoneNumberId}`, { path: ['phoneNumberId'] });
  }
}

/** "New conversation" (routes/new-conversation.admin.ts): validation here, the rules in new-conversation.ts. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async senders(ctx: any) {
    const tenancy = getService(strapi, 'tenancy');
    const scope = await tenancy.scopeFor(ctx.state.user, ACTIONS.messagesSend);
    const senders = await getService(strapi, 'new-conversation').senders();
    const visible = [];
    for (const sender of senders) if (await tenancy.coversNumber(scope, sender.phoneNumberId)) visible.push(sender);
    ctx.body = { data: visible };
  },

  async contacts(ctx: any) {
    const query = validate(SearchContacts.query, ctx.query ?? {});
    await requireSender(strapi, ctx, query.phoneNumberId);
    ctx.body = { data: await getService(strapi, 'new-conversation').contacts(query) };
  },

  async start(ctx: any) {
    const body = validate(StartConversation.body, ctx.request.body ?? {});
    await requireSender(strapi, ctx, body.phoneNumberId);
    const data = await getService(strapi, 'new-conversation').start(body);
    ctx.status = data.created ? 201 : 200;
    ctx.body = { data };
  },
});
