import type { Core } from '@strapi/strapi';
import { GetTimeline, ListConversations, MarkRead, Typing } from '../../../../shared/contracts/conversations';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** Admin inbox: GET /conversations, POST /conversations/read, GET /customers/:documentId/timeline. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: any) {
    const query = validate(ListConversations.query, ctx.query ?? {});
    ctx.body = await getService(strapi, 'conversations').list(query, ctx.state.user);
  },

  async markRead(ctx: any) {
    const body = validate(MarkRead.body, ctx.request.body ?? {});
    // Another tenant's conversation or customer answers 404, as one that does not exist.
    const tenancy = getService(strapi, 'tenancy');
    if (body.conversationKey) await tenancy.requireConversationsFor(ctx.state.user, ACTIONS.messagesRead, [body.conversationKey], 'conversationKey');
    else if (body.customerDocumentId) await tenancy.requireCustomerFor(ctx.state.user, ACTIONS.messagesRead, body.customerDocumentId);
    ctx.body = { data: await getService(strapi, 'conversations').markRead(body, ctx.state.user) };
  },

  /** POST /conversations/typing: the agent types a reply (docs/inbox.md#typing-indicator). */
  async typing(ctx: any) {
    const body = validate(Typing.body, ctx.request.body ?? {});
    await getService(strapi, 'tenancy').requireConversationsFor(ctx.state.user, ACTIONS.messagesSend, [body.conversationKey], 'conversationKey');
    ctx.body = { data: await getService(strapi, 'conversations').typing(body.conversationKey) } satisfies Typing.Response;
  },

  async timeline(ctx: any) {
    const query = validate(GetTimeline.query, ctx.query ?? {});
    await getService(strapi, 'tenancy').requireCustomerFor(ctx.state.user, ACTIONS.messagesRead, String(ctx.params.documentId));
    ctx.body = await getService(strapi, 'timeline').page(String(ctx.params.documentId), query);
  },
});
