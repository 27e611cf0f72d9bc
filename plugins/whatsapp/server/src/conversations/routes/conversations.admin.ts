import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/**
 * Admin API of conversations a team works (docs/conversations.md). Reading needs messages-read;
 * changing state and assignment conversations-manage; writing notes conversation-notes-write;
 * quick replies are offered to those who may send. The list itself is GET /conversations (inbox).
 */
export default [
  { method: 'POST', path: '/conversations/state', handler: 'conversation-work.setState', config: allow(ACTIONS.conversationsManage) },
  { method: 'POST', path: '/conversations/assign', handler: 'conversation-work.assign', config: allow(ACTIONS.conversationsManage) },
  { method: 'GET', path: '/conversations/status', handler: 'conversation-work.status', config: allow(ACTIONS.messagesRead) },
  { method: 'GET', path: '/conversations/assignees', handler: 'conversation-work.assignees', config: allow(ACTIONS.messagesRead) },
  { method: 'GET', path: '/conversations/notes', handler: 'conversation-work.listNotes', config: allow(ACTIONS.messagesRead) },
  { method: 'POST', path: '/conversations/notes', handler: 'conversation-work.createNote', config: allow(ACTIONS.conversationNotesWrite) },
  { method: 'GET', path: '/quick-replies', handler: 'conversation-work.quickReplies', config: allow(ACTIONS.messagesSend) },
];
