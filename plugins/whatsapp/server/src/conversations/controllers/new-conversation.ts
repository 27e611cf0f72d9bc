import type { Core } from '@strapi/strapi';
import { SearchContacts, StartConversation } from '../../../../shared/contracts/conversations-new';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** "New conversation" (routes/new-conversation.admin.ts): validation here, the rules in new-conversation.ts. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async senders(ctx: any) {
    ctx.body = { data: await getService(strapi, 'new-conversation').senders() };
  },

  async contacts(ctx: any) {
    const query = validate(SearchContacts.query, ctx.query ?? {});
    ctx.body = { data: await getService(strapi, 'new-conversation').contacts(query) };
  },

  async start(ctx: any) {
    const body = validate(StartConversation.body, ctx.request.body ?? {});
    const data = await getService(strapi, 'new-conversation').start(body);
    ctx.status = data.created ? 201 : 200;
    ctx.body = { data };
  },
});
