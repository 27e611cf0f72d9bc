import type { Core } from '@strapi/strapi';
import {
  AssignConversations,
  CreateNote,
  GetConversationStatus,
  ListAssignees,
  ListNotes,
  ListQuickReplies,
  SetConversationState,
} from '../../../../shared/contracts/conversations-team';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** 404 for a conversation outside the user's tenants (tenancy/scope.ts), as for one that does not exist. */
const inScope = (strapi: Core.Strapi, ctx: any, action: string, keys: string[], field?: string) =>
  getService(strapi, 'tenancy').requireConversationsFor(ctx.state.user, action, keys, field);

/**
 * Admin routes of conversations a team works: state, assignment, notes, quick replies
 * (routes/conversations.admin.ts). Validation and RBAC happen before the services are called.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async setState(ctx: any) {
    const body = validate(SetConversationState.body, ctx.request.body ?? {});
    await inScope(strapi, ctx, ACTIONS.conversationsManage, body.conversationKeys);
    ctx.body = { data: await getService(strapi, 'conversation-states').setState(body.conversationKeys, body.state, ctx.state.user) };
  },

  async assign(ctx: any) {
    const body = validate(AssignConversations.body, ctx.request.body ?? {});
    await inScope(strapi, ctx, ACTIONS.conversationsManage, body.conversationKeys);
    ctx.body = { data: await getService(strapi, 'conversation-states').assign(body.conversationKeys, body.assigneeId, ctx.state.user) };
  },

  async status(ctx: any) {
    const query = validate(GetConversationStatus.query, ctx.query ?? {});
    await inScope(strapi, ctx, ACTIONS.messagesRead, [query.conversationKey], 'conversationKey');
    ctx.body = { data: await getService(strapi, 'conversation-states').status(query.conversationKey) };
  },

  async assignees(ctx: any) {
    const query = validate(ListAssignees.query, ctx.query ?? {});
    if (query.conversationKey) await inScope(strapi, ctx, ACTIONS.messagesRead, [query.conversationKey], 'conversationKey');
    ctx.body = { data: await getService(strapi, 'conversation-states').assignees(query.conversationKey) };
  },

  async listNotes(ctx: any) {
    const query = validate(ListNotes.query, ctx.query ?? {});
    const keys = Array.isArray(query.conversationKey) ? query.conversationKey : [query.conversationKey];
    await inScope(strapi, ctx, ACTIONS.messagesRead, keys, 'conversationKey');
    ctx.body = { data: await getService(strapi, 'conversation-notes').list(keys) };
  },

  async createNote(ctx: any) {
    const body = validate(CreateNote.body, ctx.request.body ?? {});
    await inScope(strapi, ctx, ACTIONS.conversationNotesWrite, [body.conversationKey], 'conversationKey');
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'conversation-notes').create(body.conversationKey, body.body, ctx.state.user) };
  },

  async quickReplies(ctx: any) {
    const query = validate(ListQuickReplies.query, ctx.query ?? {});
    if (query.conversationKey) await inScope(strapi, ctx, ACTIONS.messagesSend, [query.conversationKey], 'conversationKey');
    ctx.body = { data: await getService(strapi, 'quick-replies').forConversation(query.conversationKey, query.search) };
  },
});
