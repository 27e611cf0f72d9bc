import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/**
 * "New conversation" (docs/conversations.md#new-conversation): for those who may send. The numbers
 * that may start one, the customers a number writes to, and the start (customer found or made).
 */
export default [
  { method: 'GET', path: '/conversations/senders', handler: 'new-conversation.senders', config: allow(ACTIONS.messagesSend) },
  { method: 'GET', path: '/conversations/contacts', handler: 'new-conversation.contacts', config: allow(ACTIONS.messagesSend) },
  { method: 'POST', path: '/conversations', handler: 'new-conversation.start', config: allow(ACTIONS.messagesSend) },
];
