import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** Admin API: `/whatsapp/messages…`, admin JWT plus the plugin's RBAC actions. */
export default [
  { method: 'POST', path: '/messages', handler: 'messages.send', config: allow(ACTIONS.messagesSend) },
  { method: 'GET', path: '/messages', handler: 'messages.list', config: allow(ACTIONS.messagesRead) },
  { method: 'GET', path: '/messages/:documentId', handler: 'messages.findOne', config: allow(ACTIONS.messagesRead) },
  { method: 'POST', path: '/messages/:documentId/retry', handler: 'messages.retry', config: allow(ACTIONS.messagesSend) },
  { method: 'POST', path: '/messages/:documentId/read', handler: 'messages.markRead', config: allow(ACTIONS.messagesSend) },
];
