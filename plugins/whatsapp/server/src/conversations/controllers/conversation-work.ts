import type { Core } from '@strapi/strapi';
import {
  AssignConversations,
  CreateNote,
  GetConversationStatus,
  ListNotes,
  ListQuickReplies,
  SetConversationState,
} from '../../../../shared/contracts/conversations-team';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/**
 * Admin routes of conversations a team works: state, assignment, notes, quick replies
 * (routes/conversations.admin.ts). Validation and RBAC happen before the services are called.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async setState(ctx: any) {
    const body = validate(SetConversationState.body, ctx.request.body ?? {});
    ctx.body = { data: await getService(strapi, 'conversation-states').setState(body.conversationKeys, body.state, ctx.state.user) };
  },

  async assign(ctx: any) {
    const body = validate(AssignConversations.body, ctx.request.body ?? {});
    ctx.body = { data: await getService(strapi, 'conversation-states').assign(body.conversationKeys, body.assigneeId, ctx.state.user) };
  },

  async status(ctx: any) {
    const query = validate(GetConversationStatus.query, ctx.query ?? {});
    ctx.body = { data: await getService(strapi, 'conversation-states').status(query.conversationKey) };
  },

  async assignees(ctx: any) {
    ctx.body = { data: await getService(strapi, 'conversation-states').assignees() };
  },

  async listNotes(ctx: any) {
    const query = validate(ListNotes.query, ctx.query ?? {});
    const keys = Array.isArray(query.conversationKey) ? query.conversationKey : [query.conversationKey];
    ctx.body = { data: await getService(strapi, 'conversation-notes').list(keys) };
  },

  async createNote(ctx: any) {
    const body = validate(CreateNote.body, ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { data: await getService(strapi, 'conversation-notes').create(body.conversationKey, body.body, ctx.state.user) };
  },

  async quickReplies(ctx: any) {
    const query = validate(ListQuickReplies.query, ctx.query ?? {});
    ctx.body = { data: await getService(strapi, 'quick-replies').forConversation(query.conversationKey, query.search) };
  },
});
